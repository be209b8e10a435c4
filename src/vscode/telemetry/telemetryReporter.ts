// Builds the extension's telemetry on @vscode/extension-telemetry's TelemetryReporter, which sends nothing
// while VS Code's telemetry is off (telemetry.telemetryLevel, --disable-telemetry) and follows it when it
// changes. The Application Insights connection string comes from the manifest ("telemetryConnectionString");
// a build without one sends nothing at all.
import { TelemetryReporter } from '@vscode/extension-telemetry';
import type * as vscode from 'vscode';
import type { AccountServiceContract } from '../accounts/accountServiceContract';
import { onSignInOutcome } from './signInOutcomes';
import { ExtensionTelemetry, type TelemetrySink } from './telemetryEvents';

const SILENT_SINK: TelemetrySink = {
  sendTelemetryEvent: () => undefined,
  sendTelemetryErrorEvent: () => undefined,
};

/** The extension's telemetry, fed by every sign-in's outcome and every token the service hands out. */
export function createExtensionTelemetry(context: vscode.ExtensionContext, accounts: Pick<AccountServiceContract, 'onDidHandOutToken'>): ExtensionTelemetry {
  const telemetry = createTelemetry(context);
  context.subscriptions.push(
    onSignInOutcome((event) => telemetry.signIn(event.method, event.outcome, event.durationMs, event.error)),
    accounts.onDidHandOutToken((handOut) => telemetry.handOut(handOut)),
  );
  return telemetry;
}

function createTelemetry(context: vscode.ExtensionContext): ExtensionTelemetry {
  const connectionString = (context.extension.packageJSON as { telemetryConnectionString?: unknown }).telemetryConnectionString;
  if (typeof connectionString !== 'string' || connectionString.trim() === '') {
    const telemetry = new ExtensionTelemetry(SILENT_SINK);
    context.subscriptions.push(telemetry);
    return telemetry;
  }
  const reporter = new TelemetryReporter(connectionString);
  const telemetry = new ExtensionTelemetry(reporter);
  // The last hand-out counts go into the reporter before it flushes and closes.
  context.subscriptions.push({
    dispose: () => {
      telemetry.dispose();
      void reporter.dispose();
    },
  });
  return telemetry;
}

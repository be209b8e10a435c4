// Builds the extension's telemetry on @vscode/extension-telemetry's TelemetryReporter, which sends nothing
// while VS Code's telemetry is off (telemetry.telemetryLevel, --disable-telemetry) and follows it when it
// changes. The Application Insights connection string comes from the manifest ("telemetryConnectionString");
// a build without one sends nothing at all.
import { TelemetryReporter } from '@vscode/extension-telemetry';
import type * as vscode from 'vscode';
import { ExtensionTelemetry, type TelemetrySink } from './telemetryEvents';

const SILENT_SINK: TelemetrySink = {
  sendTelemetryEvent: () => undefined,
  sendTelemetryErrorEvent: () => undefined,
};

export function createExtensionTelemetry(context: vscode.ExtensionContext): ExtensionTelemetry {
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

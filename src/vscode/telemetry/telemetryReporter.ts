// Builds the extension's telemetry on @vscode/extension-telemetry's TelemetryReporter, which sends nothing
// while VS Code's telemetry is off (telemetry.telemetryLevel, --disable-telemetry) and follows it when it
// changes. The Application Insights connection string comes from the manifest ("telemetryConnectionString");
// a build without one sends nothing at all. The reporter (Application Insights, about 1 MB of source) is
// loaded in a chunk of its own, only when there is a connection string and only at the first event: it is not part
// of activation.
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
  const sink = lazyReporterSink(connectionString);
  const telemetry = new ExtensionTelemetry(sink);
  // The last hand-out counts go into the reporter before it flushes and closes.
  context.subscriptions.push({
    dispose: () => {
      telemetry.dispose();
      void sink.dispose();
    },
  });
  return telemetry;
}

/**
 * A sink that loads the reporter on the first event and holds the events sent before it is there: the chunk is
 * evaluated when it is first needed (the bundle loads chunks synchronously), never during activation.
 */
function lazyReporterSink(connectionString: string): TelemetrySink & { dispose(): Promise<void> } {
  type Call = (sink: TelemetrySink) => void;
  const waiting: Call[] = [];
  let reporter: (TelemetrySink & { dispose(): Promise<unknown> }) | undefined;
  let loading: Promise<unknown> | undefined;
  const load = (): Promise<unknown> =>
    (loading ??= import('@vscode/extension-telemetry').then(
      ({ TelemetryReporter }) => {
        reporter = new TelemetryReporter(connectionString);
        for (const call of waiting.splice(0)) call(reporter);
        return reporter;
      },
      () => undefined,
    ));
  const send = (call: Call): void => {
    if (reporter) return call(reporter);
    waiting.push(call);
    void load();
  };
  return {
    sendTelemetryEvent: (name, properties, measurements) => send((r) => r.sendTelemetryEvent(name, properties, measurements)),
    sendTelemetryErrorEvent: (name, properties, measurements) => send((r) => r.sendTelemetryErrorEvent(name, properties, measurements)),
    dispose: async () => {
      await loading;
      await reporter?.dispose();
    },
  };
}

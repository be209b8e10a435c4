// Telemetry through @vscode/extension-telemetry's own seam (its custom fetcher, which receives what would go
// to Application Insights): nothing leaves while VS Code's telemetry is off, as it is in this host
// (--disable-telemetry); and what our events would send, names and properties, holds no personal data.
import * as assert from 'node:assert/strict';
import { TelemetryReporter } from '@vscode/extension-telemetry';
import * as vscode from 'vscode';
import { ExtensionTelemetry, type TelemetrySink } from '../../src/vscode/telemetry/telemetryEvents';

const CONNECTION_STRING = 'InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:9/';
const TENANT = 'e1a70000-0000-4000-8000-000000000001';
const PERSONAL = ['alice', 'contoso', TENANT, '/home/', 'Invalid client secret'];

interface CapturedPost {
  url: string;
  body: string;
}

function capturingReporter(posts: CapturedPost[]): TelemetryReporter {
  return new TelemetryReporter(CONNECTION_STRING, undefined, undefined, async (url, init) => {
    posts.push({ url, body: init?.body ?? '' });
    return { status: 200, headers: [], text: async () => '{"itemsReceived":1,"itemsAccepted":1,"errors":[]}' };
  });
}

/** The reporter's sender state (0 not started, 1 starting, 2 ready): read to know when queued events can flow. */
function senderStatus(reporter: TelemetryReporter): number | undefined {
  return (reporter as unknown as { telemetrySender?: { _instantiationStatus?: number } }).telemetrySender?._instantiationStatus;
}

/** Waits (bounded) until the reporter's Application Insights client is up, so dispose() flushes to the fetcher. */
async function senderReady(reporter: TelemetryReporter): Promise<void> {
  for (let i = 0; i < 200 && senderStatus(reporter) !== 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(senderStatus(reporter), 2, 'the telemetry sender never started');
}

/** Feeds every kind of event, with personal data in every input that could carry it. */
function sendEveryEvent(telemetry: ExtensionTelemetry): void {
  const failure = Object.assign(new Error(`AADSTS7000215: Invalid client secret for alice@contoso.com in ${TENANT}`), { name: 'AuthenticationError' });
  telemetry.signIn('interactiveBrowser', 'success', 1500);
  telemetry.signIn('environment', 'failed', 40, failure);
  telemetry.report({
    scope: 'https://management.azure.com/.default',
    startedAt: Date.now(),
    durationMs: 350,
    winner: 'azureCli',
    verdict: 'as alice@contoso.com',
    entries: [{ member: 'azureCli', credential: 'AzureCliCredential', outcome: 'success', durationMs: 300, reason: '/home/alice/.azure', identity: 'alice@contoso.com' }],
  });
  telemetry.handOut({ consumer: { kind: 'extension', extensionId: 'contoso.tool' }, scopes: [`api://${TENANT}/.default`], cached: false });
  telemetry.flush();
}

describe('telemetry through the real TelemetryReporter', function () {
  this.timeout(30_000);

  it('sends nothing while VS Code\'s telemetry is off', async () => {
    assert.equal(vscode.env.isTelemetryEnabled, false, 'this host runs with --disable-telemetry');
    const posts: CapturedPost[] = [];
    const reporter = capturingReporter(posts);
    assert.equal(reporter.telemetryLevel, 'off');
    const telemetry = new ExtensionTelemetry(reporter, { handOutFlushIntervalMs: 0 });
    sendEveryEvent(telemetry);
    telemetry.dispose();
    assert.equal(senderStatus(reporter), 0, 'with telemetry off the reporter does not even start its sender');
    await reporter.dispose();
    assert.deepEqual(posts, []);
  });

  it('would send our event names and closed-list properties only (sent past the setting to prove the seam sees them)', async () => {
    const posts: CapturedPost[] = [];
    const reporter = capturingReporter(posts);
    const events: string[] = [];
    // The same events, sent with the reporter's "dangerous" call, which ignores the telemetry setting: the
    // only way to see in this host what would reach Application Insights when telemetry is on.
    const dangerous: TelemetrySink = {
      sendTelemetryEvent: (name, properties, measurements) => {
        events.push(name);
        reporter.sendDangerousTelemetryEvent(name, properties, measurements);
      },
      sendTelemetryErrorEvent: (name, properties, measurements) => {
        events.push(name);
        reporter.sendDangerousTelemetryErrorEvent(name, properties, measurements);
      },
    };
    const telemetry = new ExtensionTelemetry(dangerous, { handOutFlushIntervalMs: 0 });
    sendEveryEvent(telemetry);
    telemetry.dispose();
    await senderReady(reporter);
    await reporter.dispose();
    assert.deepEqual(events, ['signIn', 'signIn', 'diagnoseSignIn', 'tokenHandOuts']);
    const sent = posts.map((p) => p.body).join('\n');
    assert.ok(posts.length > 0, 'the fetcher saw the events');
    // What Application Insights would receive: its envelopes, each with our event's name and properties.
    const items = posts.flatMap((p) => JSON.parse(p.body) as { data?: { baseData?: { name?: string; properties?: Record<string, string> } } }[]);
    const received = items.map((item) => ({ name: item.data?.baseData?.name, properties: item.data?.baseData?.properties }));
    assert.deepEqual(received.map((r) => r.name), ['signIn', 'signIn', 'diagnoseSignIn', 'tokenHandOuts']);
    assert.deepEqual(received[1]?.properties, { method: 'environment', outcome: 'failed', errorCode: 'AADSTS7000215' });
    assert.deepEqual(received[2]?.properties, { winner: 'azureCli', azureCliOutcome: 'success' });
    assert.deepEqual(received[3]?.properties, { consumer: 'extension', resource: 'other' });
    for (const word of PERSONAL) assert.ok(!sent.toLowerCase().includes(word.toLowerCase()), `"${word}" reached the telemetry payload`);
  });
});

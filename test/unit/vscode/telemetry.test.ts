// Telemetry events: their names and properties, and that no personal data reaches the sink however much of
// it the inputs carry (user names, tenant and object ids, custom scopes, paths and messages).
import * as assert from 'node:assert/strict';
import { ClientAuthenticationError, CredentialUnavailableError } from '../../../src/identity/errors';
import type { ChainReport } from '../../../src/vscode/report/chainReport';
import { failureCode } from '../../../src/vscode/telemetry/errorCode';
import { ExtensionTelemetry, resourceCategory, safeProperties, type TelemetrySink } from '../../../src/vscode/telemetry/telemetryEvents';

const TENANT = 'e1a70000-0000-4000-8000-000000000001';
const OBJECT_ID = '0b1ec700-0000-4000-8000-0000000000aa';
const PERSONAL = ['alice', 'contoso', TENANT, OBJECT_ID, '/home/', 'api://', 'secret', 'Invalid client secret'];

interface Sent {
  kind: 'event' | 'error';
  name: string;
  properties: Record<string, string>;
  measurements: Record<string, number>;
}

class RecordingSink implements TelemetrySink {
  readonly sent: Sent[] = [];
  sendTelemetryEvent(name: string, properties: Record<string, string> = {}, measurements: Record<string, number> = {}): void {
    this.sent.push({ kind: 'event', name, properties, measurements });
  }
  sendTelemetryErrorEvent(name: string, properties: Record<string, string> = {}, measurements: Record<string, number> = {}): void {
    this.sent.push({ kind: 'error', name, properties, measurements });
  }
  assertNoPersonalData(): void {
    const text = JSON.stringify(this.sent);
    for (const word of PERSONAL) assert.ok(!text.toLowerCase().includes(word.toLowerCase()), `"${word}" reached telemetry: ${text}`);
  }
}

describe('telemetry events', () => {
  let sink: RecordingSink;
  let telemetry: ExtensionTelemetry;
  beforeEach(() => {
    sink = new RecordingSink();
    telemetry = new ExtensionTelemetry(sink, { handOutFlushIntervalMs: 0 });
  });

  it('signIn: method, outcome and duration; a failure sends the AADSTS code and never the message', () => {
    telemetry.signIn('interactiveBrowser', 'success', 1234.6);
    const error = new ClientAuthenticationError(401, { error: 'invalid_client', errorDescription: `AADSTS7000215: Invalid client secret for alice@contoso.com in ${TENANT}`, errorCodes: [7000215] });
    telemetry.signIn('environment', 'failed', 80, error);
    telemetry.signIn('deviceCode', 'cancelled', 5);
    assert.deepEqual(sink.sent, [
      { kind: 'event', name: 'signIn', properties: { method: 'interactiveBrowser', outcome: 'success' }, measurements: { durationMs: 1235 } },
      { kind: 'error', name: 'signIn', properties: { method: 'environment', outcome: 'failed', errorCode: 'AADSTS7000215' }, measurements: { durationMs: 80 } },
      { kind: 'event', name: 'signIn', properties: { method: 'deviceCode', outcome: 'cancelled' }, measurements: { durationMs: 5 } },
    ]);
    sink.assertNoPersonalData();
  });

  it('error codes: AADSTS from the response or the message, else a known error name, else "Error"', () => {
    assert.equal(failureCode(new Error('AADSTS50076: MFA needed for alice@contoso.com')), 'AADSTS50076');
    assert.equal(failureCode(new CredentialUnavailableError('az not found at /home/alice/bin')), 'CredentialUnavailableError');
    const custom = new Error('x');
    custom.name = 'alice@contoso.com';
    assert.equal(failureCode(custom), 'Error');
    assert.equal(failureCode('a string'), 'Error');
  });

  it('diagnoseSignIn: the winner and each member\'s outcome, code and time, without reasons or identities', () => {
    const report: ChainReport = {
      scope: `api://${OBJECT_ID}/.default`,
      startedAt: 0,
      durationMs: 420.2,
      winner: 'azureCli',
      verdict: 'signs in as alice@contoso.com',
      entries: [
        { member: 'environment', credential: 'EnvironmentCredential', outcome: 'error', durationMs: 30, reason: `AADSTS7000215 secret for ${TENANT}`, code: 'AADSTS7000215' },
        { member: 'managedIdentity', credential: 'ManagedIdentityCredential', outcome: 'unavailable', durationMs: 301, reason: 'IMDS', code: 'CredentialUnavailableError' },
        { member: 'azureCli', credential: 'AzureCliCredential', outcome: 'success', durationMs: 400, reason: 'ok', identity: 'alice@contoso.com' },
      ],
    };
    telemetry.report(report);
    assert.deepEqual(sink.sent, [{
      kind: 'event',
      name: 'diagnoseSignIn',
      properties: { winner: 'azureCli', environmentOutcome: 'error', environmentCode: 'AADSTS7000215', managedIdentityOutcome: 'unavailable', managedIdentityCode: 'CredentialUnavailableError', azureCliOutcome: 'success' },
      measurements: { durationMs: 420, environmentMs: 30, managedIdentityMs: 301, azureCliMs: 400 },
    }]);
    sink.assertNoPersonalData();
  });

  it('tokenHandOuts: counted per consumer kind and well-known resource, sent in one batch per flush', () => {
    telemetry.handOut({ consumer: { kind: 'extension', extensionId: 'contoso.secret-extension' }, scopes: ['https://management.azure.com/.default'], cached: false });
    telemetry.handOut({ consumer: { kind: 'extension', extensionId: 'contoso.other' }, scopes: ['https://management.azure.com//.default'], cached: true });
    telemetry.handOut({ consumer: { kind: 'terminal', userAgent: 'alice-script/1.0', protocol: 'appService2019' }, scopes: [`api://${OBJECT_ID}/access`], cached: false });
    telemetry.handOut({ consumer: { kind: 'mcp', server: 'https://mcp.contoso.com' }, scopes: ['https://graph.microsoft.com/User.Read', 'offline_access'], cached: false });
    assert.equal(sink.sent.length, 0, 'nothing is sent per hand-out');
    telemetry.flush();
    assert.deepEqual(sink.sent, [
      { kind: 'event', name: 'tokenHandOuts', properties: { consumer: 'extension', resource: 'arm' }, measurements: { count: 2, cached: 1, fresh: 1 } },
      { kind: 'event', name: 'tokenHandOuts', properties: { consumer: 'terminal_appService2019', resource: 'other' }, measurements: { count: 1, cached: 0, fresh: 1 } },
      { kind: 'event', name: 'tokenHandOuts', properties: { consumer: 'mcp', resource: 'graph' }, measurements: { count: 1, cached: 0, fresh: 1 } },
    ]);
    telemetry.flush();
    assert.equal(sink.sent.length, 3, 'an idle flush sends nothing');
    sink.assertNoPersonalData();
  });

  it('drops any property value that is not a short identifier, whatever the caller passes', () => {
    assert.deepEqual(safeProperties({ a: 'ok_value', b: 'alice@contoso.com', c: '/home/alice', d: 'two words', e: undefined }), { a: 'ok_value' });
    assert.equal(resourceCategory(['https://myaccount.blob.core.windows.net/.default']), 'other');
    assert.equal(resourceCategory(['https://vault.azure.net/.default']), 'keyVault');
  });
});

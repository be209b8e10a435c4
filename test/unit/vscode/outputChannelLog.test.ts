// The output channel's routing: the library's and MSAL's lines at their levels naming the credential, the
// person's level filtering them before they are built, one line per attempt and per hand-out, no secrets.
import * as assert from 'node:assert/strict';
import { ClientSecretCredential } from '../../../src/identity/credentials/clientSecretCredential';
import { createCredentialLogger, setIdentityLogSink } from '../../../src/identity/logger';
import type { Account, TokenHandOut } from '../../../src/vscode/accounts/accountServiceContract';
import { LOG_LEVEL_DEBUG, LOG_LEVEL_INFO, LOG_LEVEL_OFF, LOG_LEVEL_TRACE } from '../../../src/vscode/log/channel';
import { formatCredentialEvent, logCredentialEvents } from '../../../src/vscode/log/credentialLog';
import { formatHandOut, logTokenHandOuts } from '../../../src/vscode/log/handOutLog';
import { libraryLevelFor, routeIdentityLog } from '../../../src/vscode/log/identityLog';
import { redactSecrets } from '../../../src/vscode/log/redact';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { useFreshEmulator } from '../msalCredentials/support/emulator';
import { RecordingChannel } from './support/recordingChannel';

const ARM = 'https://management.azure.com/.default';

const ACCOUNT: Account = {
  id: 'home.tenant',
  label: 'alice@contoso.com',
  kind: 'user',
  method: 'interactiveBrowser',
  cloud: 'AzureCloud',
  authorityHost: 'https://login.microsoftonline.com',
  homeTenantId: DEFAULT_TENANT_ID,
  clientId: DEFAULT_CLIENT_ID,
  signedInAt: 0,
};

function handOut(overrides: Partial<TokenHandOut> = {}): TokenHandOut {
  return { account: ACCOUNT, consumer: { kind: 'extension', extensionId: 'ms-azuretools.vscode-docker' }, scopes: [ARM], tenantId: DEFAULT_TENANT_ID, cached: false, ...overrides };
}

/** An AccountEvent the test fires by hand. */
function handOutEvents() {
  const listeners = new Set<(h: TokenHandOut) => void>();
  return {
    event: (listener: (h: TokenHandOut) => void) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    fire: (h: TokenHandOut) => listeners.forEach((l) => l(h)),
  };
}

describe('output channel: library log routing', () => {
  const emulator = useFreshEmulator();
  let disposables: { dispose(): void }[] = [];
  afterEach(() => {
    disposables.forEach((d) => d.dispose());
    disposables = [];
    setIdentityLogSink(undefined);
  });

  function secretCredential() {
    return new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, { ...emulator().authorityOptions });
  }

  it('at Info, writes the library lines naming the credential, and no MSAL line', async () => {
    const channel = new RecordingChannel(LOG_LEVEL_INFO);
    disposables.push(routeIdentityLog(channel));
    await secretCredential().getToken(ARM);
    assert.ok(channel.lines.some((l) => l.level === 'info' && l.line.startsWith('[ClientSecretCredential] ')), channel.text());
    assert.ok(!channel.lines.some((l) => l.line.includes('MSAL: ')), `MSAL lines below trace must not be written:\n${channel.text()}`);
  });

  it('at Trace, adds MSAL\'s own lines at trace, each naming the credential that asked', async () => {
    const channel = new RecordingChannel(LOG_LEVEL_TRACE);
    disposables.push(routeIdentityLog(channel));
    await secretCredential().getToken(ARM);
    const msal = channel.lines.filter((l) => l.line.includes('MSAL: '));
    assert.ok(msal.length > 0, `no MSAL line at trace:\n${channel.text()}`);
    for (const l of msal) {
      assert.equal(l.level, 'trace');
      assert.match(l.line, /^\[ClientSecretCredential\] MSAL: /);
    }
  });

  it('asks the library only for what the level keeps, so filtered lines are never built', () => {
    const channel = new RecordingChannel(LOG_LEVEL_INFO);
    disposables.push(routeIdentityLog(channel));
    assert.equal(createCredentialLogger('Probe').verboseEnabled, false, 'verbose lines are not built at Info');
    channel.setLevel(LOG_LEVEL_DEBUG);
    assert.equal(createCredentialLogger('Probe').verboseEnabled, true, 'a level change applies at once');
    channel.setLevel(LOG_LEVEL_OFF);
    const logger = createCredentialLogger('Probe');
    logger.error('must go nowhere');
    assert.equal(channel.lines.length, 0);
    assert.equal(libraryLevelFor(LOG_LEVEL_OFF), undefined);
  });

  it('stops routing when disposed', () => {
    const channel = new RecordingChannel(LOG_LEVEL_TRACE);
    routeIdentityLog(channel).dispose();
    createCredentialLogger('Probe').error('after dispose');
    assert.equal(channel.lines.length, 0);
  });

  it('writes one line per credential attempt with outcome, duration and reason; a wrong secret is a warning', async () => {
    const channel = new RecordingChannel(LOG_LEVEL_INFO);
    disposables.push(logCredentialEvents(channel));
    await secretCredential().getToken(ARM);
    await assert.rejects(new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, 'not-the-secret', { ...emulator().authorityOptions }).getToken(ARM));
    const attempts = channel.lines.filter((l) => l.line.startsWith('[ClientSecretCredential] '));
    assert.equal(attempts.length, 2, channel.text());
    assert.match(attempts[0].line, /^\[ClientSecretCredential\] success in [\d.]+ ms for https:\/\/management\.azure\.com\/\.default/);
    assert.equal(attempts[1].level, 'warn');
    assert.match(attempts[1].line, /error in [\d.]+ ms .*AADSTS7000215/);
    assert.ok(!channel.text().includes('not-the-secret'));
  });

  it('does not even format cached hits unless the channel traces', async () => {
    const channel = new RecordingChannel(LOG_LEVEL_INFO);
    disposables.push(logCredentialEvents(channel));
    const credential = secretCredential();
    await credential.getToken(ARM);
    await credential.getToken(ARM);
    assert.equal(channel.lines.length, 1, channel.text());
    channel.setLevel(LOG_LEVEL_TRACE);
    await credential.getToken(ARM);
    assert.match(channel.lines[1]?.line ?? '', /success \(cached\)/);
    assert.equal(channel.lines[1]?.level, 'trace');
  });
});

describe('output channel: token hand-outs', () => {
  it('names the consumer, scopes, tenant and account, never the token', () => {
    assert.equal(
      formatHandOut(handOut()),
      `[hand-out] token for ${ARM} (tenant ${DEFAULT_TENANT_ID}) of alice@contoso.com to extension ms-azuretools.vscode-docker (API)`,
    );
    assert.match(formatHandOut(handOut({ consumer: { kind: 'terminal', userAgent: 'azsdk-python-identity/1.19', protocol: 'appService2019' }, cached: true })),
      /from cache\) of alice@contoso\.com to terminal process "azsdk-python-identity\/1\.19" \(App Service managed identity 2019-08-01\)$/);
    assert.match(formatHandOut(handOut({ consumer: { kind: 'mcp', server: 'https://mcp.contoso.com/' } })), /to MCP server https:\/\/mcp\.contoso\.com\/$/);
  });

  it('logs the first hand-out of a kind at info and its repeats at trace only', () => {
    const channel = new RecordingChannel(LOG_LEVEL_INFO);
    const events = handOutEvents();
    const registration = logTokenHandOuts(channel, events.event);
    events.fire(handOut());
    events.fire(handOut({ cached: true }));
    events.fire(handOut({ consumer: { kind: 'command', command: 'azureIdentity.copyAccessToken' } }));
    assert.deepEqual(channel.lines.map((l) => l.level), ['info', 'info']);
    channel.setLevel(LOG_LEVEL_TRACE);
    events.fire(handOut({ cached: true }));
    assert.deepEqual(channel.lines.map((l) => l.level), ['info', 'info', 'trace']);
    registration.dispose();
    events.fire(handOut({ scopes: ['https://graph.microsoft.com/.default'] }));
    assert.equal(channel.lines.length, 3);
  });
});

describe('output channel: redaction guard', () => {
  it('replaces JWTs, bearer values and secret parameters, and leaves ordinary words alone', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const redacted = redactSecrets(`token ${jwt} Authorization: Bearer abcdefgh12345678 refresh_token=0.AAA-secret&x=1 {"client_secret":"s3cr3t"} exit code=1`);
    assert.ok(!redacted.includes(jwt));
    assert.ok(!redacted.includes('abcdefgh12345678'));
    assert.ok(!redacted.includes('0.AAA-secret'));
    assert.ok(!redacted.includes('s3cr3t'));
    assert.match(redacted, /exit code=1$/);
    assert.equal(formatCredentialEvent({ credential: 'X', outcome: 'error', durationMs: 12, cached: false, scopes: [ARM], reason: `bad ${jwt}`, timestamp: 0 }), `[X] error in 12 ms for ${ARM}: bad <redacted>`);
  });
});

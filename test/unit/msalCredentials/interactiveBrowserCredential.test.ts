// InteractiveBrowserCredential against the emulator, with a fake browser that follows the emulator's
// redirect to the loopback server: PKCE, state, the one-shot 127.0.0.1 server, pages, and every failure.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { openSystemBrowser } from '../../../src/identity/credentials/browserOpener';
import { InteractiveBrowserCredential } from '../../../src/identity/credentials/interactiveBrowserCredential';
import type { InteractiveBrowserCredentialNodeOptions } from '../../../src/identity/credentials/interactiveBrowserCredentialOptions';
import { AbortError, ClientAuthenticationError, CredentialUnavailableError, InvalidArgumentError } from '../../../src/identity/errors';
import { DEFAULT_TENANT_ID, DEFAULT_USERNAME, SECOND_USERNAME } from '../../emulator/defaults';
import { useFreshEmulator } from './support/emulator';
import { fakeBrowser, get, type FakeBrowser } from './support/fakeBrowser';

const ARM = 'https://management.azure.com/.default';

describe('InteractiveBrowserCredential (emulator)', function () {
  const emulator = useFreshEmulator();

  function credential(browser: FakeBrowser, options: InteractiveBrowserCredentialNodeOptions = {}) {
    return new InteractiveBrowserCredential({ tenantId: DEFAULT_TENANT_ID, ...emulator().authorityOptions, browserOpener: browser.open, ...options });
  }

  it('signs in with PKCE through a loopback redirect, shows the success page, then serves the cache', async () => {
    const browser = fakeBrowser();
    const cred = credential(browser);
    const token = await cred.getToken(ARM);
    assert.ok(token.token);
    const visit = browser.visits[0];
    const query = visit?.authorizeUrl.searchParams;
    assert.equal(query?.get('code_challenge_method'), 'S256');
    assert.ok(query?.get('code_challenge'));
    assert.ok(query?.get('state'));
    assert.match(query?.get('redirect_uri') ?? '', /^http:\/\/localhost:\d+$/, 'a random loopback port');
    assert.equal(visit?.page?.status, 200);
    assert.match(visit?.page?.body ?? '', /Authentication complete/);
    const [request] = await emulator().tokenRequests();
    assert.equal(request?.form?.grant_type, 'authorization_code');
    assert.ok(request?.form?.code_verifier, 'the PKCE verifier was sent with the code');
    assert.ok((await cred.getToken(ARM)).token === token.token, 'served from the cache');
    assert.equal(browser.visits.length, 1, 'no second browser window');
  });

  it('answers one redirect and then closes the server', async () => {
    const browser = fakeBrowser();
    await credential(browser).getToken(ARM);
    const loopback = browser.visits[0]?.redirectedTo;
    assert.ok(loopback);
    await assert.rejects(get(loopback.toString()), /ECONNREFUSED/);
  });

  it('uses the given redirectUri and loginHint, and listens on 127.0.0.1 only', async () => {
    const port = await freePort();
    let boundTo: string[] = [];
    const browser = fakeBrowser();
    const open = async (url: string): Promise<void> => {
      boundTo = await Promise.all([canConnect('127.0.0.1', port), canConnect('::1', port)]).then(([v4, v6]) => [v4 ? '127.0.0.1' : '', v6 ? '::1' : ''].filter(Boolean));
      await browser.open(url);
    };
    await emulator().client.setInteractiveSignIn({ mode: 'auto' });
    const cred = credential(browser, { redirectUri: `http://localhost:${port}/auth`, loginHint: SECOND_USERNAME, browserOpener: open });
    const record = await cred.authenticate(ARM);
    const query = browser.visits[0]?.authorizeUrl.searchParams;
    assert.equal(query?.get('redirect_uri'), `http://localhost:${port}/auth`);
    assert.equal(query?.get('login_hint'), SECOND_USERNAME);
    assert.equal(record.username, SECOND_USERNAME, 'the hinted user signed in');
    assert.deepEqual(boundTo, ['127.0.0.1']);
  });

  it('refuses a redirect whose state does not match, with a failure page', async () => {
    const browser = fakeBrowser({
      rewriteRedirect: (url) => {
        url.searchParams.set('state', 'forged');
        return url;
      },
    });
    const error = await credential(browser).getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError);
    assert.equal(error.errorResponse.error, 'state_mismatch');
    await browser.settled();
    assert.equal(browser.visits[0]?.page?.status, 400);
    assert.match(browser.visits[0]?.page?.body ?? '', /Sign-in failed/);
    assert.equal((await emulator().tokenRequests()).length, 0, 'the code was not redeemed');
  });

  it('reports a cancelled sign-in', async () => {
    await emulator().client.setInteractiveSignIn({ mode: 'cancel' });
    const browser = fakeBrowser();
    const error = await credential(browser).getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError);
    assert.equal(error.errorResponse.error, 'access_denied');
    assert.match(error.message, /declined/);
  });

  it('times out when the user never finishes, and closes the server', async () => {
    const browser = fakeBrowser({ idle: true });
    const error = await credential(browser, { timeout: 0.5 }).getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError);
    assert.equal(error.errorResponse.error, 'timeout');
    const redirect = browser.visits[0]?.authorizeUrl.searchParams.get('redirect_uri');
    await assert.rejects(get(redirect ?? 'http://localhost:1/'), /ECONNREFUSED/);
  });

  it('stops when the abortSignal fires', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(credential(fakeBrowser({ idle: true })).getToken(ARM, { abortSignal: controller.signal }), AbortError);
  });

  it('reports a browser that cannot be opened as unavailable', async () => {
    const failing: FakeBrowser = {
      open: () => Promise.reject(new CredentialUnavailableError('Could not open a browser for the sign-in (xdg-open is not installed).')),
      visits: [],
      settled: async () => undefined,
    };
    await assert.rejects(credential(failing).getToken(ARM), CredentialUnavailableError);
  });

  it('the default opener reports a missing xdg-open/open as unavailable, with a way out', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent-azid-test';
    try {
      const error = await openSystemBrowser('https://login.microsoftonline.com/').catch((e: unknown) => e);
      assert.ok(error instanceof CredentialUnavailableError);
      assert.match(error.message, /is not installed.*DeviceCodeCredential/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('refuses a redirect URI that is not a loopback http URL', () => {
    return credential(fakeBrowser(), { redirectUri: 'https://example.com/cb' })
      .getToken(ARM)
      .then(
        () => assert.fail('expected a refusal'),
        (error: unknown) => assert.ok(error instanceof InvalidArgumentError && /must be http:\/\/localhost/.test(error.message)),
      );
  });

  it('finds the account of an authentication record silently only in a shared cache; otherwise it signs in again', async () => {
    const browser = fakeBrowser();
    const record = await credential(browser).authenticate(ARM);
    assert.equal(record.username, DEFAULT_USERNAME);
    const other = fakeBrowser();
    const error = await credential(other, { authenticationRecord: record, disableAutomaticAuthentication: true }).getToken(ARM).catch((e: unknown) => e);
    assert.equal((error as Error).name, 'AuthenticationRequiredError', 'an in-memory cache is not shared between credentials');
    assert.equal(other.visits.length, 0);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

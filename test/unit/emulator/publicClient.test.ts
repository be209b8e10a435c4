// User flows through a real @azure/msal-node PublicClientApplication: password and refresh token,
// device code (approved, declined, expired) and authorization code with PKCE through /authorize.
import * as assert from 'node:assert/strict';
import { PublicClientApplication, type DeviceCodeRequest } from '@azure/msal-node';
import {
  AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USER_OBJECT_ID, DEFAULT_USERNAME, SECOND_TENANT_ID, SECOND_USERNAME, VSCODE_CLIENT_ID,
} from '../../emulator/defaults';
import type { RunningEmulator } from '../../emulator/index';
import { createEmulatorNetworkClient } from '../../emulator/msalNetworkClient';
import { call, decodeJwt, postForm, useEmulator, verifyWithJwks } from './helpers';

const ARM_SCOPE = 'https://management.azure.com/.default';

type DeviceCodeResponse = Parameters<DeviceCodeRequest['deviceCodeCallback']>[0];

function publicClient(emulator: RunningEmulator, clientId = VSCODE_CLIENT_ID, tenant = 'organizations'): PublicClientApplication {
  return new PublicClientApplication({
    auth: { clientId, authority: `${emulator.url}/${tenant}`, knownAuthorities: [new URL(emulator.url).host] },
    system: { networkClient: createEmulatorNetworkClient(emulator.caCertPem) },
  });
}

/** Starts a device code sign-in and hands back its user code as soon as MSAL shows it. */
function startDeviceCode(app: PublicClientApplication) {
  let announce: (response: DeviceCodeResponse) => void = () => undefined;
  const shown = new Promise<DeviceCodeResponse>((resolve) => {
    announce = resolve;
  });
  const result = app.acquireTokenByDeviceCode({ scopes: [ARM_SCOPE], deviceCodeCallback: (response) => announce(response) });
  return { shown, result };
}

describe('emulator: a real msal-node PublicClientApplication', function () {
  this.timeout(30_000);
  const emulator = useEmulator();

  it('signs a user in with a password and gets user claims, an id token and client_info', async () => {
    const app = publicClient(emulator());

    const result = await app.acquireTokenByUsernamePassword({ scopes: [ARM_SCOPE], username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD });

    assert.ok(result);
    assert.equal(await verifyWithJwks(emulator(), 'organizations', result.accessToken), true);
    const { payload } = decodeJwt(result.accessToken);
    assert.equal(payload.oid, DEFAULT_USER_OBJECT_ID);
    assert.equal(payload.tid, DEFAULT_TENANT_ID);
    assert.equal(payload.upn, DEFAULT_USERNAME);
    assert.equal(payload.preferred_username, DEFAULT_USERNAME);
    assert.equal(payload.scp, 'user_impersonation');
    assert.equal(payload.appid, VSCODE_CLIENT_ID);
    assert.equal(result.account?.username, DEFAULT_USERNAME);
    assert.equal(result.account?.homeAccountId, `${DEFAULT_USER_OBJECT_ID}.${DEFAULT_TENANT_ID}`);
    assert.equal(result.idTokenClaims && (result.idTokenClaims as { aud?: string }).aud, VSCODE_CLIENT_ID);
  });

  it('rejects a wrong password with AADSTS50126 and an unknown user with AADSTS50034', async () => {
    const app = publicClient(emulator());
    await assert.rejects(app.acquireTokenByUsernamePassword({ scopes: [ARM_SCOPE], username: DEFAULT_USERNAME, password: 'wrong' }), /AADSTS50126/);
    await assert.rejects(app.acquireTokenByUsernamePassword({ scopes: [ARM_SCOPE], username: 'nobody@contoso.onmicrosoft.com', password: 'x' }), /AADSTS50034/);
  });

  it('refreshes with the refresh token, which rotates, and carries the FOCI family', async () => {
    const app = publicClient(emulator());
    const first = await app.acquireTokenByUsernamePassword({ scopes: [ARM_SCOPE], username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD });
    assert.ok(first?.account);

    const refreshed = await app.acquireTokenSilent({ scopes: [ARM_SCOPE], account: first.account, forceRefresh: true });

    assert.notEqual(refreshed.accessToken, first.accessToken);
    const refreshRequests = emulator().control.requests({ endpoint: 'token', grantType: 'refresh_token' });
    assert.equal(refreshRequests.length, 1);
    const passwordRequest = emulator().control.requests({ endpoint: 'token', grantType: 'password' })[0];
    assert.ok(passwordRequest);
    assert.ok(refreshRequests[0].form?.refresh_token);
  });

  it('lets another family client redeem the refresh token, and refuses a client outside the family', async () => {
    const app = publicClient(emulator());
    const first = await app.acquireTokenByUsernamePassword({ scopes: [`${ARM_SCOPE} offline_access`], username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD });
    assert.ok(first);
    const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string; family_id?: string }> };
    const refreshToken = Object.values(cache.RefreshToken)[0];
    assert.equal(refreshToken.family_id, '1');

    const cli = publicClient(emulator(), AZURE_CLI_CLIENT_ID);
    const redeemed = await cli.acquireTokenByRefreshToken({ scopes: [ARM_SCOPE], refreshToken: refreshToken.secret });
    assert.equal(decodeJwt(redeemed?.accessToken ?? '').payload.appid, AZURE_CLI_CLIENT_ID);

    const outsider = emulator().control.addApp({ tenantId: DEFAULT_TENANT_ID, publicClient: true });
    await assert.rejects(publicClient(emulator(), outsider.clientId).acquireTokenByRefreshToken({ scopes: [ARM_SCOPE], refreshToken: refreshToken.secret }), /AADSTS70000/);
  });

  it('gets a token for a guest tenant with the home tenant’s refresh token', async () => {
    const home = publicClient(emulator());
    const first = await home.acquireTokenByUsernamePassword({ scopes: [ARM_SCOPE], username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD });
    const cache = JSON.parse(home.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
    const guest = publicClient(emulator(), VSCODE_CLIENT_ID, SECOND_TENANT_ID);
    const result = await guest.acquireTokenByRefreshToken({ scopes: [ARM_SCOPE], refreshToken: Object.values(cache.RefreshToken)[0].secret });
    assert.ok(first);
    assert.equal(decodeJwt(result?.accessToken ?? '').payload.tid, SECOND_TENANT_ID);
  });

  it('completes a device code sign-in once a test approves the code', async () => {
    const app = publicClient(emulator());
    const { shown, result } = startDeviceCode(app);
    const response = await shown;
    assert.match(response.verificationUri, /\/devicelogin$/);
    assert.ok(response.message.includes(response.userCode));

    emulator().control.approveDeviceCode(response.userCode, DEFAULT_USERNAME);
    const token = await result;

    assert.equal(token?.account?.username, DEFAULT_USERNAME);
    const polls = emulator().control.requests({ endpoint: 'token', grantType: 'device_code' });
    assert.ok(polls.length >= 1);
    assert.equal(polls[polls.length - 1].status, 200);
  });

  it('reports authorization_pending while the code waits', async () => {
    const app = publicClient(emulator());
    const { shown, result } = startDeviceCode(app);
    const response = await shown;
    // Wait for at least one poll that was answered "pending", then approve.
    for (let i = 0; i < 50 && emulator().control.requests({ endpoint: 'token' }).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [pending] = emulator().control.requests({ endpoint: 'token' });
    emulator().control.approveDeviceCode(response.userCode, SECOND_USERNAME);
    const token = await result;
    assert.equal(pending.status, 400);
    assert.equal(token?.account?.username, SECOND_USERNAME);
  });

  it('fails a declined device code with authorization_declined', async () => {
    const app = publicClient(emulator());
    const { shown, result } = startDeviceCode(app);
    emulator().control.declineDeviceCode((await shown).userCode);
    await assert.rejects(result, /authorization_declined/);
  });

  it('fails an expired device code with expired_token', async () => {
    const app = publicClient(emulator());
    const { shown, result } = startDeviceCode(app);
    emulator().control.expireDeviceCode((await shown).userCode);
    await assert.rejects(result, /expired_token/);
  });

  it('lets a person approve a device code on the /devicelogin page', async () => {
    const app = publicClient(emulator());
    const { shown, result } = startDeviceCode(app);
    const response = await shown;
    const page = await call(emulator(), 'GET', response.verificationUri);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="otc"/);

    const wrong = await postForm(emulator(), response.verificationUri, { otc: response.userCode, username: DEFAULT_USERNAME, password: 'wrong', emulator_action: 'signin' });
    assert.match(wrong.text, /AADSTS50126/);
    const signedIn = await postForm(emulator(), response.verificationUri, { otc: response.userCode, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, emulator_action: 'signin' });
    assert.match(signedIn.text, /You have signed in/);

    assert.equal((await result)?.account?.username, DEFAULT_USERNAME);
  });

  it('signs in through /authorize (mode auto) with PKCE, using MSAL’s own loopback redirect', async () => {
    const app = publicClient(emulator());
    const result = await app.acquireTokenInteractive({
      scopes: [ARM_SCOPE],
      openBrowser: async (url) => {
        // Play the browser: MSAL asks for response_mode=form_post, so /authorize answers with a page that
        // posts code and state to MSAL's loopback server.
        const authorize = await call(emulator(), 'GET', url);
        assert.equal(authorize.status, 200);
        const fields = Object.fromEntries([...authorize.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
        const action = /<form method="post" action="([^"]+)"/.exec(authorize.text)?.[1];
        assert.ok(fields.code && fields.state && action);
        await call(emulator(), 'POST', action, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      },
    });

    assert.equal(result.account?.username, DEFAULT_USERNAME);
    const [authorizeRequest] = emulator().control.requests({ endpoint: 'authorize' });
    assert.equal(authorizeRequest.query.code_challenge_method, 'S256');
    const [codeRequest] = emulator().control.requests({ endpoint: 'token', grantType: 'authorization_code' });
    assert.ok(codeRequest.form?.code_verifier);
  });
});

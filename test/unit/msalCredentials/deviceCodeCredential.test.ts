// DeviceCodeCredential against the emulator: the prompt, approval, decline, expiry, timeout, cancellation,
// disableAutomaticAuthentication and authenticate().
import * as assert from 'node:assert/strict';
import { DeviceCodeCredential } from '../../../src/identity/credentials/deviceCodeCredential';
import type { DeviceCodeCredentialOptions, DeviceCodeInfo } from '../../../src/identity/credentials/deviceCodeCredentialOptions';
import { AbortError, AuthenticationRequiredError, ClientAuthenticationError } from '../../../src/identity/errors';
import { AZURE_CLI_CLIENT_ID, DEFAULT_TENANT_ID, DEFAULT_USERNAME } from '../../emulator/defaults';
import { useFreshEmulator } from './support/emulator';

const ARM = 'https://management.azure.com/.default';

describe('DeviceCodeCredential (emulator)', function () {
  const emulator = useFreshEmulator();

  /** A credential whose prompt hands the code to `respond` (approve, decline, expire, or nothing). */
  function credential(respond: (userCode: string) => Promise<void> | void, options: DeviceCodeCredentialOptions = {}) {
    const prompts: DeviceCodeInfo[] = [];
    const cred = new DeviceCodeCredential({
      tenantId: DEFAULT_TENANT_ID,
      ...emulator().authorityOptions,
      userPromptCallback: (info) => {
        prompts.push(info);
        void respond(info.userCode);
      },
      ...options,
    });
    return { cred, prompts };
  }
  const approve = (userCode: string) => emulator().client.approveDeviceCode(userCode);

  it('shows the code, signs in once approved with the reference\'s default client, then serves the cache', async () => {
    const { cred, prompts } = credential(approve);
    const token = await cred.getToken(ARM);
    assert.ok(token.token);
    assert.equal(prompts.length, 1);
    assert.match(prompts[0]?.verificationUri ?? '', /^https:\/\/.+devicelogin$/);
    assert.match(prompts[0]?.message ?? '', new RegExp(prompts[0]?.userCode ?? 'no code'));
    assert.ok((prompts[0]?.expiresOn.getTime() ?? 0) > Date.now());
    const again = await cred.getToken(ARM);
    assert.ok(again.token === token.token, 'served from the cache');
    const [pending] = await emulator().client.deviceCodes();
    assert.equal(pending?.clientId, AZURE_CLI_CLIENT_ID, 'the reference\'s default client id');
    const grants = (await emulator().tokenRequests()).map((r) => r.form?.grant_type);
    assert.equal(grants.at(-1), 'device_code', 'MSAL polls with the device_code grant');
  });

  it('accepts the reference\'s promptCallback(verificationUri, userCode, expiresOn) shape', async () => {
    const seen: [string, string, Date][] = [];
    const cred = new DeviceCodeCredential({
      tenantId: DEFAULT_TENANT_ID,
      ...emulator().authorityOptions,
      promptCallback: (verificationUri, userCode, expiresOn) => {
        seen.push([verificationUri, userCode, expiresOn]);
        void approve(userCode);
      },
    });
    assert.ok((await cred.getToken(ARM)).token);
    assert.equal(seen.length, 1);
    assert.ok(seen[0]?.[2] instanceof Date);
  });

  it('prints the authority\'s instructions by default', async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      const code = /code ([A-Z0-9]+) to authenticate/.exec(String(chunk))?.[1];
      if (code) void approve(code);
      return true;
    }) as typeof process.stdout.write;
    try {
      const cred = new DeviceCodeCredential({ tenantId: DEFAULT_TENANT_ID, ...emulator().authorityOptions });
      assert.ok((await cred.getToken(ARM)).token);
    } finally {
      process.stdout.write = original;
    }
    assert.equal(written.length, 1);
    assert.match(written[0] ?? '', /open the page https:\/\/.+ and enter the code [A-Z0-9]+ to authenticate/);
  });

  it('fails clearly when the user declines', async () => {
    const { cred } = credential((code) => emulator().client.declineDeviceCode(code));
    const error = await cred.getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError, String(error));
    assert.equal(error.errorResponse.error, 'authorization_declined');
    assert.match(error.message, /declined/);
  });

  it('fails clearly when the code expires', async () => {
    const { cred } = credential((code) => emulator().client.expireDeviceCode(code));
    const error = await cred.getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError, String(error));
    assert.match(error.message, /expired/);
  });

  it('gives up after `timeout` seconds with a clear error', async () => {
    const { cred } = credential(() => undefined, { timeout: 1 });
    const error = await cred.getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError, String(error));
    assert.equal(error.errorResponse.error, 'user_timeout_reached');
    assert.match(error.message, /Timed out after 1 s/);
  });

  it('stops when the abortSignal fires', async () => {
    const { cred } = credential(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(cred.getToken(ARM, { abortSignal: controller.signal }), AbortError);
  });

  it('with disableAutomaticAuthentication, getToken throws AuthenticationRequiredError until authenticate() runs', async () => {
    const { cred, prompts } = credential(approve, { disableAutomaticAuthentication: true });
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const error = await cred.getToken(ARM, { claims }).catch((e: unknown) => e);
    assert.ok(error instanceof AuthenticationRequiredError);
    assert.deepEqual(error.scopes, [ARM]);
    assert.equal(error.claims, claims);
    assert.equal(prompts.length, 0, 'no prompt was shown');
    const record = await cred.authenticate(ARM);
    assert.equal(record.username, DEFAULT_USERNAME);
    assert.equal(prompts.length, 1);
    assert.ok((await cred.getToken(ARM)).token, 'after authenticate(), getToken works silently');
    assert.ok((await cred.getToken('https://vault.azure.net/.default')).token, 'other scopes come from the refresh token');
    assert.equal(prompts.length, 1);
  });

  it('hands a claims challenge from the authority to the app, whose authenticate() sends it', async () => {
    const { cred, prompts } = credential(approve, { disableAutomaticAuthentication: true });
    await cred.authenticate(ARM);
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    await emulator().client.addFault({ endpoint: 'token', times: 1, action: { type: 'claimsChallenge', claims } });
    const error = await cred.getToken('https://vault.azure.net/.default').catch((e: unknown) => e);
    assert.ok(error instanceof AuthenticationRequiredError, String(error));
    assert.equal(error.claims, claims, 'the challenge\'s claims are on the error');
    assert.match(error.message, /AADSTS50076: .*call authenticate\(scopes, \{ claims: error\.claims \}\), then retry/);
    await emulator().client.clearRequests();
    await cred.authenticate(error.scopes, error.getTokenOptions);
    assert.equal(prompts.length, 2);
    const sent = await emulator().client.requests({ endpoint: 'devicecode' });
    assert.equal(sent[0]?.form?.claims?.includes('"acrs"'), true, 'the new sign-in asked for the claims');
  });
});

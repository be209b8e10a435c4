// The authorization code flow at the protocol level: /authorize in its three modes, and the rules the
// token endpoint enforces on a code (PKCE, redirect URI, single use, client binding).
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { DEFAULT_PASSWORD, DEFAULT_PUBLIC_CLIENT_ID, DEFAULT_TENANT_ID, DEFAULT_USERNAME, SECOND_USERNAME, VSCODE_CLIENT_ID } from '../../emulator/defaults';
import type { RunningEmulator } from '../../emulator/index';
import { aadsts, call, decodeJwt, postForm, tokenUrl, useEmulator } from './helpers';

const REDIRECT = 'http://localhost:38123/callback';
const SCOPE = 'https://management.azure.com/.default openid profile offline_access';

function pkce() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(emulator: RunningEmulator, params: Record<string, string>, tenant = 'organizations'): string {
  const query = new URLSearchParams({ client_id: VSCODE_CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT, scope: SCOPE, state: 'state-123', ...params });
  return `${emulator.url}/${tenant}/oauth2/v2.0/authorize?${query}`;
}

/** Runs /authorize in auto mode and returns the redirect's query. */
async function authorizeAuto(emulator: RunningEmulator, params: Record<string, string>): Promise<URLSearchParams> {
  const response = await call(emulator, 'GET', authorizeUrl(emulator, params));
  assert.equal(response.status, 302, response.text);
  const location = new URL(String(response.headers.location));
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
  return location.searchParams;
}

function redeem(emulator: RunningEmulator, code: string, verifier: string, extra: Record<string, string> = {}) {
  return postForm(emulator, tokenUrl(emulator, 'organizations'), {
    client_id: VSCODE_CLIENT_ID, grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, scope: SCOPE, client_info: '1', ...extra,
  });
}

describe('emulator: authorization code flow', function () {
  this.timeout(20_000);
  const emulator = useEmulator();

  it('redirects with code and state, and redeems the code once with the right verifier', async () => {
    const { verifier, challenge } = pkce();
    const query = await authorizeAuto(emulator(), { code_challenge: challenge, code_challenge_method: 'S256', nonce: 'nonce-1' });
    assert.equal(query.get('state'), 'state-123');

    const first = await redeem(emulator(), query.get('code') ?? '', verifier);
    assert.equal(first.status, 200, first.text);
    assert.equal(decodeJwt(String(first.json.id_token)).payload.nonce, 'nonce-1');
    assert.ok(first.json.refresh_token);
    assert.ok(first.json.client_info);
    assert.equal(first.json.foci, '1');

    const again = await redeem(emulator(), query.get('code') ?? '', verifier);
    assert.equal(again.status, 400);
    assert.equal(again.json.error, 'invalid_grant');
    assert.equal(aadsts(again), 54005);
  });

  it('refuses a wrong code_verifier (AADSTS501481)', async () => {
    const { challenge } = pkce();
    const query = await authorizeAuto(emulator(), { code_challenge: challenge, code_challenge_method: 'S256' });
    const response = await redeem(emulator(), query.get('code') ?? '', pkce().verifier);
    assert.equal(response.status, 400);
    assert.equal(aadsts(response), 501481);
  });

  it('refuses a redirect_uri other than the one used at /authorize (AADSTS50011)', async () => {
    const { verifier, challenge } = pkce();
    const query = await authorizeAuto(emulator(), { code_challenge: challenge, code_challenge_method: 'S256' });
    const response = await redeem(emulator(), query.get('code') ?? '', verifier, { redirect_uri: 'http://localhost:38124/callback' });
    assert.equal(aadsts(response), 50011);
  });

  it('refuses a code redeemed by another client (AADSTS70000)', async () => {
    const { verifier, challenge } = pkce();
    const query = await authorizeAuto(emulator(), { code_challenge: challenge, code_challenge_method: 'S256' });
    const response = await redeem(emulator(), query.get('code') ?? '', verifier, { client_id: DEFAULT_PUBLIC_CLIENT_ID });
    assert.equal(aadsts(response), 70000);
  });

  it('shows an error page, not a redirect, for an unregistered redirect URI (AADSTS50011)', async () => {
    const response = await call(emulator(), 'GET', authorizeUrl(emulator(), { redirect_uri: 'https://attacker.example/callback' }));
    assert.equal(response.status, 400);
    assert.equal(response.headers.location, undefined);
    assert.match(response.text, /AADSTS50011/);
  });

  it('accepts any loopback port, as Entra does for native clients', async () => {
    const response = await call(emulator(), 'GET', authorizeUrl(emulator(), { redirect_uri: 'http://127.0.0.1:51515' }));
    assert.equal(response.status, 302);
    assert.ok(String(response.headers.location).startsWith('http://127.0.0.1:51515/?code='));
  });

  it('redirects an invalid scope as error=invalid_scope (AADSTS70011) with the state', async () => {
    const query = await authorizeAuto(emulator(), { scope: 'https://management.azure.com/bad!scope' });
    assert.equal(query.get('error'), 'invalid_scope');
    assert.match(query.get('error_description') ?? '', /AADSTS70011/);
    assert.equal(query.get('state'), 'state-123');
  });

  it('signs in the configured user in auto mode, and reports a cancel in cancel mode', async () => {
    emulator().control.setInteractiveSignIn({ mode: 'auto', username: SECOND_USERNAME });
    const { verifier, challenge } = pkce();
    const query = await authorizeAuto(emulator(), { code_challenge: challenge, code_challenge_method: 'S256' });
    const token = await redeem(emulator(), query.get('code') ?? '', verifier);
    assert.equal(decodeJwt(String(token.json.access_token)).payload.upn, SECOND_USERNAME);

    emulator().control.setInteractiveSignIn({ mode: 'cancel' });
    const cancelled = await authorizeAuto(emulator(), {});
    assert.equal(cancelled.get('error'), 'access_denied');
    assert.equal(cancelled.get('state'), 'state-123');
  });

  it('serves a sign-in form in form mode that checks the password', async () => {
    emulator().control.setInteractiveSignIn({ mode: 'form' });
    const url = authorizeUrl(emulator(), {}, DEFAULT_TENANT_ID);
    const page = await call(emulator(), 'GET', url);
    assert.equal(page.status, 200);
    assert.match(page.text, /<input id="username"/);
    assert.match(page.text, /Sign in/);

    const params = Object.fromEntries(new URL(url).searchParams);
    const formUrl = `${emulator().url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize`;
    const wrong = await postForm(emulator(), formUrl, { ...params, username: DEFAULT_USERNAME, password: 'wrong', emulator_action: 'signin' });
    assert.equal(wrong.status, 200);
    assert.match(wrong.text, /AADSTS50126/);

    const right = await postForm(emulator(), formUrl, { ...params, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, emulator_action: 'signin' });
    assert.equal(right.status, 302);
    assert.ok(new URL(String(right.headers.location)).searchParams.get('code'));
  });
});

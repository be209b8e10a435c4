// The browser sign-in's loopback redirect server against generated redirects and hostile requests: it
// binds 127.0.0.1 only, refuses a foreign Host header (DNS rebinding) without ending the sign-in, takes
// exactly one redirect and only with the right state, bounds the request size, and is closed afterwards.
import * as assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import { startLoopbackServer, type LoopbackServer } from '../../../src/identity/credentials/loopbackServer';
import { NETWORK_RUNS, assertTypedError, countCase, failOnUnhandledRejections, printCasesReport } from './support/propertyRuns';

const STATE = 'expected-state-0123456789';

function start(): Promise<LoopbackServer> {
  return startLoopbackServer({
    expectedState: STATE,
    timeoutInMs: 30_000,
    successPage: '<p>signed in</p>',
    failurePage: (message) => `<p>failed: ${message}</p>`,
  });
}

function portOf(server: LoopbackServer): number {
  return Number(new URL(server.redirectUri).port);
}

interface Answer {
  status: number;
  body: string;
}

function send(port: number, path: string, headers: Record<string, string> = {}, host = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port, path, method: 'GET', headers: { host: `localhost:${port}`, ...headers }, timeout: 5_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
    request.on('error', reject);
    request.end();
  });
}

/** Query values a redirect may carry, hostile ones included. */
const queryValue = fc.oneof(fc.string({ maxLength: 60 }), fc.constant(STATE), fc.string({ unit: 'binary', maxLength: 30 }));
const query = fc.dictionary(fc.constantFrom('state', 'code', 'error', 'error_description', 'session_state', 'x'), queryValue, { maxKeys: 5 });

describe('loopback redirect server (property-based)', () => {
  failOnUnhandledRejections();
  after(printCasesReport);

  it('settles once per sign-in: the code with the right state, else a typed error; closed afterwards', async function () {
    this.timeout(180_000);
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        countCase('loopback redirect query strings');
        const server = await start();
        const port = portOf(server);
        const search = new URLSearchParams(params).toString();
        const answer = await send(port, `/?${search}`);
        const expectCode = params.state === STATE && !params.error && Boolean(params.code);
        const result = await server.redirect.then(
          (redirect) => ({ code: redirect.code }),
          (error: unknown) => ({ error }),
        );
        if (expectCode) {
          assert.equal(answer.status, 200);
          assert.deepEqual(result, { code: params.code });
        } else {
          assert.equal(answer.status, 400);
          assert.ok('error' in result, 'a redirect without the right state and a code was accepted');
          assertTypedError(result.error, search);
          // The failure page never echoes the code it refused.
          const codeIsOnlyTheCode = params.code && params.code.length > 3 && !Object.entries(params).some(([k, v]) => k !== 'code' && v.includes(params.code ?? ''));
          if (codeIsOnlyTheCode) assert.ok(!answer.body.includes(params.code), 'the failure page echoes the code');
        }
        await assert.rejects(send(port, `/?state=${STATE}&code=second`), /ECONNREFUSED|socket hang up|ECONNRESET/, 'the server still answers after the redirect');
      }),
      { numRuns: NETWORK_RUNS },
    );
  });

  it('refuses a foreign Host header and keeps waiting for the real redirect (DNS rebinding)', async () => {
    const hosts = fc.oneof(fc.domain(), fc.constantFrom('evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '[::1]', 'localhost:1'), fc.string({ maxLength: 30 })).filter((h) => h.trim() !== '');
    // (An empty Host is not sent as empty: Node fills in the address it connects to.)
    await fc.assert(
      fc.asyncProperty(hosts, async (host) => {
        countCase('loopback Host headers');
        const server = await start();
        const port = portOf(server);
        try {
          const refused = await send(port, `/?state=${STATE}&code=stolen`, { host }).catch((error: Error) => ({ status: -1, body: error.message }));
          assert.notEqual(refused.status, 200, `Host ${JSON.stringify(host)} was answered`);
          const real = await send(port, `/?state=${STATE}&code=real`);
          assert.equal(real.status, 200);
          assert.deepEqual(await server.redirect, { code: 'real' });
        } finally {
          server.close();
        }
      }),
      { numRuns: NETWORK_RUNS / 4 },
    );
  });

  it('bounds the request size, and listens on 127.0.0.1 only', async () => {
    const server = await start();
    const port = portOf(server);
    try {
      const huge = await send(port, `/?state=${STATE}&code=x`, { 'x-padding': 'a'.repeat(20_000) }).catch((error: Error) => ({ status: -1, body: error.message }));
      assert.notEqual(huge.status, 200, 'a 20 KB request was answered');
      // Not on another local address of the machine: loopback alias 127.0.0.2 reaches only a 0.0.0.0 bind.
      await assert.rejects(send(port, `/?state=${STATE}&code=x`, {}, '127.0.0.2'), /ECONNREFUSED/);
      assert.equal((await send(port, `/?state=${STATE}&code=ok`)).status, 200);
      assert.deepEqual(await server.redirect, { code: 'ok' });
    } finally {
      server.close();
    }
  });
});

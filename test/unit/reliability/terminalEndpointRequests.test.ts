// Property-based requests to the terminal token endpoint (src/vscode/terminal/tokenEndpointServer.ts), the real
// server on loopback: generated methods, paths (its three protocols' and others), queries, secret headers
// (right, wrong, missing, in the wrong header), Host and Origin headers and bodies, plus raw bytes on a socket.
// Every request gets an answer (or, for bytes that are not HTTP, a closed connection) — never a hang or a crash;
// a token is handed out only for the right secret in the protocol's own header, a loopback Host and no Origin;
// and after all of it the endpoint still serves a good request.
import * as assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import { startTokenEndpoint, type RunningTokenEndpoint } from '../../../src/vscode/terminal/tokenEndpointServer';
import { NETWORK_RUNS, countCase, failOnUnhandledRejections, printCasesReport } from './support/propertyRuns';

const FAKE_TOKEN = 'header.payload.signature-for-property-tests';
const ANSWER_MS = 10_000;

interface Generated {
  method: string;
  path: string;
  query: string;
  secretHeader: 'x-identity-header' | 'secret' | 'authorization' | 'none';
  secretKind: 'right' | 'wrong' | 'prefixed' | 'empty';
  host: 'loopback' | 'localhost' | 'foreign' | 'missing';
  origin: boolean;
  body: string | undefined;
}

function answer(endpoint: RunningTokenEndpoint, g: Generated, secret: string): Promise<{ status: number; text: string }> {
  const value = { right: secret, wrong: `${secret.slice(0, -1)}x`, prefixed: `x${secret}`, empty: '' }[g.secretKind];
  const headers: Record<string, string> = {};
  if (g.secretHeader === 'authorization') headers.authorization = `Bearer ${value}`;
  else if (g.secretHeader !== 'none') headers[g.secretHeader] = value;
  if (g.origin) headers.origin = 'https://evil.example';
  if (g.body !== undefined) {
    headers['content-type'] = 'application/json';
    // Node's client frames a GET body with neither Content-Length nor chunks: the bytes would read as a second request.
    headers['content-length'] = String(Buffer.byteLength(g.body));
  }
  const host = { loopback: `127.0.0.1:${endpoint.port}`, localhost: `localhost:${endpoint.port}`, foreign: `rebind.example:${endpoint.port}`, missing: undefined }[g.host];
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: '127.0.0.1', port: endpoint.port, method: g.method, path: `${g.path}${g.query}`, headers, setHost: host !== undefined, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    if (host !== undefined) outgoing.setHeader('host', host);
    outgoing.on('error', reject);
    outgoing.setTimeout(ANSWER_MS, () => outgoing.destroy(new Error(`no answer within ${ANSWER_MS} ms`)));
    outgoing.end(g.body);
  });
}

/** Raw bytes: the server answers (Node's parser says 400) or closes; it must do one of them, and soon. */
function rawExchange(endpoint: RunningTokenEndpoint, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(endpoint.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`neither an answer nor a close within ${ANSWER_MS} ms`));
    }, ANSWER_MS);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // One answer is all a case needs; a kept-alive socket would otherwise wait for more input.
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.on('connect', () => {
      socket.write(bytes);
      // Half-close: a request cut short must still end in an answer or a close, not a wait.
      socket.end();
    });
  });
}

describe('bad input (property-based): terminal endpoint requests', function () {
  this.timeout(120_000);
  failOnUnhandledRejections();
  after(printCasesReport);
  let endpoint: RunningTokenEndpoint;
  let secret: string;
  let tokenCalls = 0;
  before(async () => {
    endpoint = await startTokenEndpoint({
      getToken: async () => {
        tokenCalls++;
        return { token: FAKE_TOKEN, expiresOnTimestamp: Date.now() + 3600_000 };
      },
      maxBodyBytes: 1024,
    });
    secret = endpoint.addSecret({});
  });
  after(() => endpoint.close());

  const generated: fc.Arbitrary<Generated> = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'),
    path: fc.oneof(
      fc.constantFrom('/msi/token', '/msi/token/', '/azd/token', '/token', '/', '/msi/token/aaaaaaaaaaaaaaaaaaaa', '/azd/bbbbbbbbbbbbbbbbbbbb/token', '/msi/token/../token', '/MSI/TOKEN'),
      fc.stringMatching(/^\/[A-Za-z0-9/._~%-]{0,40}$/),
    ),
    query: fc.oneof(
      fc.constantFrom('', '?resource=https%3A%2F%2Fmanagement.azure.com&api-version=2019-08-01', '?resource=https://management.azure.com&api-version=2017-09-01', '?api-version=2019-08-01', '?scope=x&api-version=2019-08-01&client_id=abc'),
      fc.stringMatching(/^\?[A-Za-z0-9=&%._~:/-]{0,60}$/),
      fc.integer({ min: 4000, max: 5000 }).map((n) => `?resource=${'a'.repeat(n)}&api-version=2019-08-01`),
    ),
    secretHeader: fc.constantFrom('x-identity-header', 'secret', 'authorization', 'none'),
    secretKind: fc.constantFrom('right', 'right', 'wrong', 'prefixed', 'empty'),
    host: fc.constantFrom('loopback', 'loopback', 'localhost', 'foreign', 'missing'),
    origin: fc.boolean(),
    body: fc.option(
      fc.oneof(
        fc.constantFrom('{"scopes":["https://management.azure.com/.default"]}', '{"scopes":[]}', '{"scopes":"x"}', '{', '[]', 'null', '{"scopes":["a"],"tenantId":"../x"}'),
        fc.json({ maxDepth: 2 }),
        fc.string({ maxLength: 1500 }),
      ),
      { nil: undefined },
    ),
  });

  // Good requests of each protocol with one or two things varied, so that the "token" side is exercised too.
  const nearlyGood: fc.Arbitrary<Generated> = fc
    .tuple(
      fc.constantFrom<Pick<Generated, 'method' | 'path' | 'query' | 'secretHeader' | 'body'>>(
        { method: 'GET', path: '/msi/token', query: '?resource=https%3A%2F%2Fmanagement.azure.com&api-version=2019-08-01', secretHeader: 'x-identity-header', body: undefined },
        { method: 'GET', path: '/msi/token', query: '?resource=https://management.azure.com&api-version=2017-09-01', secretHeader: 'secret', body: undefined },
        { method: 'POST', path: '/azd/token', query: '', secretHeader: 'authorization', body: '{"scopes":["https://management.azure.com/.default"]}' },
      ),
      fc.constantFrom<Generated['secretKind']>('right', 'right', 'right', 'wrong', 'prefixed', 'empty'),
      fc.constantFrom<Generated['host']>('loopback', 'loopback', 'localhost', 'foreign'),
      fc.constantFrom(false, false, false, true),
      fc.constantFrom<Generated['secretHeader'] | undefined>(undefined, undefined, undefined, 'x-identity-header', 'secret', 'authorization', 'none'),
    )
    .map(([base, secretKind, host, origin, otherHeader]) => ({ ...base, secretKind, host, origin, secretHeader: otherHeader ?? base.secretHeader }));

  it('every generated request is answered; a token only for the right secret, a loopback Host and no Origin', async () => {
    let tokensSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: generated, weight: 3 }, { arbitrary: nearlyGood, weight: 1 }), async (g) => {
        countCase('terminal endpoint requests');
        const callsBefore = tokenCalls;
        const { status, text } = await answer(endpoint, g, secret);
        assert.ok(status >= 200 && status < 600, `an HTTP status (${status})`);
        // Without a Host header Node's own parser answers 400 (HTTP/1.1 requires one) before the endpoint sees it.
        const refusedByNode = g.host === 'missing' && status === 400;
        if (g.method !== 'HEAD' && !refusedByNode) assert.doesNotThrow(() => JSON.parse(text), `a JSON body for ${g.method} ${g.path}: ${text.slice(0, 80)}`);
        const gotToken = text.includes(FAKE_TOKEN);
        const apiVersion = new URLSearchParams(g.query.slice(1)).get('api-version');
        const secretInItsHeader =
          g.secretKind === 'right' &&
          ((g.secretHeader === 'x-identity-header' && apiVersion === '2019-08-01') ||
            (g.secretHeader === 'secret' && apiVersion === '2017-09-01') ||
            g.secretHeader === 'authorization');
        const allowed = secretInItsHeader && (g.host === 'loopback' || g.host === 'localhost') && !g.origin;
        if (gotToken) tokensSeen++;
        if (!allowed) {
          assert.ok(!gotToken, `no token without the right secret, a loopback Host and no Origin: ${JSON.stringify({ ...g, body: undefined })}`);
          assert.equal(tokenCalls, callsBefore, 'the account was not even asked');
        }
        if ((g.host === 'foreign' || g.origin) && !refusedByNode) assert.equal(status, 403, 'a foreign Host, or an Origin, is refused');
        if (g.host === 'missing') assert.ok(status === 400 || status === 403, `no Host: refused (${status})`);
      }),
      { numRuns: NETWORK_RUNS },
    );
    assert.ok(tokensSeen > 0, 'some generated requests were good ones (the property is not vacuous)');
  });

  it('raw bytes that are not (quite) HTTP: an answer or a close, never a hang; the endpoint still serves', async () => {
    const http11 = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 200 })).map(([m, rest]) => Buffer.from(`${m} /msi/token?${rest} HTTP/1.1\r\nHost: 127.0.0.1:${endpoint.port}\r\n\r\n`, 'latin1')),
          fc.nat({ max: 40 }).map((cut) => http11([`GET /msi/token?resource=x&api-version=2019-08-01 HTTP/1.1`, `Host: 127.0.0.1:${endpoint.port}`, `X-IDENTITY-HEADER: ${secret}`]).subarray(0, cut)),
          fc.constant(http11([`POST /azd/token HTTP/1.1`, `Host: 127.0.0.1:${endpoint.port}`, `Authorization: Bearer ${secret}`, 'Content-Length: 100000'])),
        ),
        async (bytes) => {
          countCase('terminal endpoint raw bytes');
          const reply = await rawExchange(endpoint, bytes);
          assert.ok(reply === '' || reply.startsWith('HTTP/1.1 '), `an HTTP answer or nothing: ${reply.slice(0, 40)}`);
        },
      ),
      { numRuns: NETWORK_RUNS / 2 },
    );
    const good = await answer(endpoint, { method: 'GET', path: '/msi/token', query: '?resource=https%3A%2F%2Fmanagement.azure.com&api-version=2019-08-01', secretHeader: 'x-identity-header', secretKind: 'right', host: 'loopback', origin: false, body: undefined }, secret);
    assert.equal(good.status, 200);
    assert.ok(good.text.includes(FAKE_TOKEN), 'the endpoint still serves a good request');
  });
});

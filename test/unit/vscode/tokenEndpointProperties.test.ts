// The terminal endpoint's request handling, property-based: any method, path, query, headers and body —
// sent as raw bytes on a fresh loopback connection, so nothing is tidied by an HTTP client — gets a
// well-formed HTTP answer within a bound: a 4xx (or azd's 200 "error") with a JSON error, or a token, and a
// token only to a request that carried the right secret in its protocol's header, to the right Host, from no
// web page (a foreign Host or any Origin gets a 403, and the account is not even asked). Requests cut short or
// never finished end in an answer or a close, never a hang. The endpoint stays up and answers a good request
// afterwards; no case leaves an unhandled rejection. (This file took in test/unit/reliability/
// terminalEndpointRequests.test.ts, which sent such requests through Node's HTTP client; docs/RELIABILITY.md.)
import assert from 'node:assert/strict';
import net from 'node:net';
import fc from 'fast-check';
import { EndpointTokenError, startTokenEndpoint, type EndpointTokenRequest, type RunningTokenEndpoint } from '../../../src/vscode/terminal/tokenEndpointServer';
import { NETWORK_RUNS, countCase, failOnUnhandledRejections, printCasesReport } from '../reliability/support/propertyRuns';

const FAKE_TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJwcm9wZXJ0eSI6InRlc3QifQ.property-test-token';
const ANSWER_WITHIN_MS = 5_000;
/** Statuses the endpoint may answer with; anything else (a 500 from a crash, say) fails the property. */
const STATUSES = new Set([200, 400, 401, 403, 404, 405, 413, 414, 431]);
/** The endpoint's bound on a request's URL (src/vscode/terminal/tokenEndpointServer.ts, MAX_URL_LENGTH). */
const MAX_URL_LENGTH = 4096;

interface RawAnswer {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/**
 * Writes `bytes` on a new connection and reads one HTTP answer (Content-Length framed; a HEAD answer has no
 * body) or fails on a hang. `truncated`: the request declared more body than it sent, so the connection may
 * also just close (the request never completed) — but within the bound.
 */
function exchange(port: number, bytes: Buffer, truncated = false): Promise<RawAnswer | 'closed'> {
  const head = bytes.subarray(0, 5).toString('latin1') === 'HEAD ';
  // Empty lines before a request are ignored (RFC 9112 §2.2): nothing but them is no request at all.
  const blank = /^[\r\n]*$/.test(bytes.toString('latin1'));
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${ANSWER_WITHIN_MS} ms; got ${JSON.stringify(received.toString('latin1').slice(0, 200))}`));
    }, ANSWER_WITHIN_MS);
    const finish = (answer: RawAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const tryParse = (ended: boolean) => {
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (ended && (truncated || blank) && received.length === 0) {
          clearTimeout(timer);
          resolve('closed');
        } else if (ended) {
          clearTimeout(timer);
          reject(new Error(`connection closed without an HTTP answer: ${JSON.stringify(received.toString('latin1').slice(0, 200))}`));
        }
        return;
      }
      const [statusLine, ...lines] = received.subarray(0, headEnd).toString('latin1').split('\r\n');
      const match = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine);
      if (!match) {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`));
        return;
      }
      const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const length = Number(headers.get('content-length') ?? 'NaN');
      const body = received.subarray(headEnd + 4);
      if (head && statusLine.startsWith('HTTP/1.1 ')) finish({ status: Number(match[1]), headers, body: '' });
      else if (Number.isInteger(length) && body.length >= length) finish({ status: Number(match[1]), headers, body: body.subarray(0, length).toString('utf8') });
      else if (ended && !headers.has('content-length') && !headers.has('transfer-encoding')) finish({ status: Number(match[1]), headers, body: body.toString('utf8') });
      else if (ended) {
        clearTimeout(timer);
        reject(new Error(`answer ${match[1]} without a complete Content-Length body`));
      }
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      tryParse(false);
    });
    socket.on('end', () => tryParse(true));
    // The server may close on a bad request while we still write: that is an answer, not a failure.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') tryParse(true);
      else {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.end(bytes);
  });
}

/** Header-safe text (what a client may put in a header line without breaking the framing). */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
/** Anything at all, control characters and non-ASCII included: the parser must cope. */
const anyBytes = fc.string({ unit: 'binary', maxLength: 80 });

describe('terminal endpoint: any request gets a well-formed answer (property-based)', function () {
  this.timeout(120_000);
  let endpoint: RunningTokenEndpoint;
  let secret: string;
  let terminalId: string;
  let tokenRequests: EndpointTokenRequest[];
  failOnUnhandledRejections();
  after(printCasesReport);

  before(async () => {
    tokenRequests = [];
    let n = 0;
    endpoint = await startTokenEndpoint({
      maxBodyBytes: 2048,
      requestTimeoutMs: 2_000,
      // Both paths, at random: a token at once (cached), later (fetched), or a refusal.
      getToken: (request) => {
        tokenRequests.push(request);
        const pick = n++ % 4;
        if (request.scopes.some((s) => s.includes('denied'))) throw new EndpointTokenError('denied', 'refused in VS Code');
        if (pick === 0) return { token: FAKE_TOKEN, expiresOnTimestamp: Date.now() + 3600_000 };
        if (pick === 1) return Promise.reject(new EndpointTokenError('notSignedIn', 'No account is signed in.'));
        return Promise.resolve({ token: FAKE_TOKEN, expiresOnTimestamp: Date.now() + 3600_000 });
      },
    });
    secret = endpoint.addSecret({});
    terminalId = endpoint.addTerminal({ accountId: 'a', tenantId: 't' });
  });
  after(() => endpoint.close());

  /** Mostly the valid value (so requests get far into the handler), sometimes anything. */
  const mostly = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: other, weight: 1 });
  const hostHeader = () =>
    mostly(
      fc.constantFrom(`127.0.0.1:${endpoint.port}`, `localhost:${endpoint.port}`),
      fc.oneof(fc.constant('evil.example:80'), fc.constant(`127.0.0.1:${endpoint.port + 1}`), fc.constant(undefined), headerText),
    );
  const secretValue = () => mostly(fc.constant(secret), fc.oneof(fc.constant(`${secret}x`), fc.constant(secret.slice(1)), fc.constant(''), fc.constant(undefined), headerText));
  /** Which protocol the request is shaped for: its path, method, api-version and secret header. */
  const protocol = fc.constantFrom('appService2019', 'appService2017', 'azd');
  const path = (p: string) =>
    mostly(
      fc.constantFrom(...(p === 'azd' ? ['/azd/token', `/azd/${terminalId}/token`] : ['/msi/token', '/msi/token/', `/msi/token/${terminalId}`])),
      fc.oneof(
        fc.constantFrom('/', '/msi', '/azd/x/token', '//msi/token', '/msi/token/short', '/azd/token/', '/token', '/msi/token/../token', '/MSI/TOKEN', '/azd/bbbbbbbbbbbbbbbbbbbb/token'),
        headerText.map((x) => `/${x.replace(/[\s?#]/g, '')}`),
      ),
    );
  const queryPart = fc.oneof(
    { arbitrary: fc.constantFrom('api-version=2019-08-01', 'api-version=2017-09-01', 'api-version=2023-07-12-preview', 'resource=https%3A%2F%2Fmanagement.azure.com', 'resource=https://vault.azure.net', 'resource=https://denied.example', 'client_id=abc', 'mi_res_id=x', 'resource=', 'resource=%E0%A4%A', 'scope=https%3A%2F%2Fgraph.microsoft.com%2F.default', 'a+b=c+d', '=x', '&&'), weight: 10 },
    { arbitrary: fc.tuple(headerText, headerText).map(([k, v]) => `${encodeURIComponent(k)}=${v.replace(/[\s#&]/g, '')}`), weight: 10 },
    // Now and then a URL over the endpoint's bound (a 414), under Node's header limit so that it reaches the endpoint.
    { arbitrary: fc.integer({ min: 4000, max: 5000 }).map((n) => `resource=${'a'.repeat(n)}`), weight: 1 },
  );
  const query = (p: string) => {
    const version = p === 'azd' ? 'api-version=2023-07-12-preview' : p === 'appService2019' ? 'api-version=2019-08-01' : 'api-version=2017-09-01';
    const valid = p === 'azd' ? [version] : ['resource=https%3A%2F%2Fmanagement.azure.com', version];
    return fc
      .tuple(mostly(fc.constant(valid), fc.constant<string[]>([])), fc.array(queryPart, { maxLength: 4 }), fc.boolean())
      .map(([base, extra, shuffle]) => {
        const parts = shuffle ? [...extra, ...base] : [...base, ...extra];
        return parts.length ? `?${parts.join('&')}` : '';
      });
  };
  const method = (p: string) => mostly(fc.constant(p === 'azd' ? 'POST' : 'GET'), fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'), fc.stringMatching(/^[A-Z]{1,8}$/)));
  const body = (p: string) =>
    p === 'azd'
      ? mostly(
          fc.constantFrom('{"scopes":["https://management.azure.com/.default"]}', '{"scopes":["https://vault.azure.net/.default"],"tenantId":"t2"}'),
          fc.oneof(fc.constant(''), fc.json({ maxDepth: 2 }), fc.constantFrom('{"scopes":[]}', '{"scopes":["x"],"tenantId":5}', '{"scopes":"x"}', 'null', '[]', '{"scopes":["https://denied.example/.default"]}'), fc.string({ maxLength: 2200 })),
        )
      : fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, { arbitrary: fc.string({ maxLength: 2200 }), weight: 1 });
  const headers = (p: string) =>
    fc.record(
      {
        host: hostHeader(),
        identity: p === 'appService2019' ? secretValue() : fc.option(secretValue(), { freq: 4 }),
        legacy: p === 'appService2017' ? secretValue() : fc.option(secretValue(), { freq: 4 }),
        authorization: p === 'azd' ? secretValue().map((x) => (x === undefined ? undefined : `Bearer ${x}`)) : fc.option(headerText, { freq: 4 }),
        origin: mostly(fc.constant(undefined), fc.constantFrom('https://evil.example', 'null', 'vscode-webview://x')),
        userAgent: headerText,
        contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        extra: fc.array(fc.tuple(headerText.map((n) => n.replace(/[^A-Za-z0-9-]/g, '') || 'X-Extra'), headerText), { maxLength: 4 }),
      },
      { requiredKeys: [] },
    );
  const anyRequest = protocol.chain((p) =>
    fc.record({
      method: method(p),
      path: path(p),
      query: query(p),
      headers: headers(p),
      body: body(p),
      lengthMode: fc.oneof({ arbitrary: fc.constant('exact' as const), weight: 6 }, { arbitrary: fc.constantFrom('none' as const, 'wrong' as const), weight: 1 }),
    }),
  );

  function requestBytes(parts: { method: string; target: string; headers: Record<string, unknown>; body: string; lengthMode: 'exact' | 'none' | 'wrong' }): Buffer {
    const h = parts.headers as { host?: string; identity?: string; legacy?: string; authorization?: string; origin?: string; userAgent?: string; contentType?: string; extra?: Array<[string, string]> };
    const bodyBytes = Buffer.from(parts.body, 'utf8');
    const lines = [`${parts.method} ${parts.target} HTTP/1.1`];
    if (h.host !== undefined) lines.push(`Host: ${h.host}`);
    if (h.identity !== undefined) lines.push(`X-IDENTITY-HEADER: ${h.identity}`);
    if (h.legacy !== undefined) lines.push(`secret: ${h.legacy}`);
    if (h.authorization !== undefined) lines.push(`Authorization: ${h.authorization}`);
    if (h.origin !== undefined) lines.push(`Origin: ${h.origin}`);
    if (h.userAgent !== undefined) lines.push(`User-Agent: ${h.userAgent}`);
    if (h.contentType !== undefined) lines.push(`Content-Type: ${h.contentType}`);
    for (const [name, value] of h.extra ?? []) if (!/^(content-length|transfer-encoding|host)$/i.test(name)) lines.push(`${name}: ${value}`);
    if (parts.lengthMode === 'exact') lines.push(`Content-Length: ${bodyBytes.length}`);
    if (parts.lengthMode === 'wrong') lines.push(`Content-Length: ${bodyBytes.length + 7}`);
    lines.push('Connection: close');
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), parts.lengthMode === 'none' ? Buffer.alloc(0) : bodyBytes]);
  }

  /** The answer is HTTP with a known status; a body, when there is one, is JSON in the protocol's error shape. */
  function assertWellFormed(answer: RawAnswer, context: string): void {
    assert.ok(STATUSES.has(answer.status), `${context}: status ${answer.status}`);
    if (answer.body === '' && answer.headers.get('content-length') !== '0' && answer.headers.has('content-type')) return; // HEAD
    if (answer.body === '') {
      // Only the parser's own refusals (malformed HTTP, oversized headers) come without a body.
      assert.ok(answer.status === 400 || answer.status === 431, `${context}: an empty ${answer.status}`);
      return;
    }
    assert.equal(answer.headers.get('content-type'), 'application/json', context);
    const parsed = JSON.parse(answer.body) as Record<string, unknown>;
    if (parsed.access_token !== undefined || parsed.token !== undefined) {
      assert.equal(answer.status, 200, context);
      return;
    }
    const isMiError = typeof parsed.error === 'string' && typeof parsed.error_description === 'string' && answer.status >= 400;
    const isAzdError = parsed.status === 'error' && typeof parsed.code === 'string' && typeof parsed.message === 'string' && answer.status === 200;
    assert.ok(isMiError || isAzdError, `${context}: not an error shape: ${answer.body.slice(0, 200)}`);
  }

  it(`any method, path, query, headers and body: a well-formed answer, a token only with the right secret (${NETWORK_RUNS * 3} cases)`, async () => {
    let served = 0;
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(
        anyRequest,
        async (c) => {
          countCase('terminal endpoint requests');
          const target = `${c.path}${c.query}`;
          const bytes = requestBytes({ method: c.method, target, headers: c.headers, body: c.body, lengthMode: c.lengthMode });
          const context = JSON.stringify(bytes.toString('latin1').slice(0, 400));
          const callsBefore = tokenRequests.length;
          const started = Date.now();
          const answer = await exchange(endpoint.port, bytes, c.lengthMode === 'wrong');
          slowest = Math.max(slowest, Date.now() - started);
          if (answer === 'closed') return;
          assertWellFormed(answer, context);
          const h = c.headers as { host?: string; identity?: string; legacy?: string; authorization?: string; origin?: string };
          const loopbackHost = h.host === `127.0.0.1:${endpoint.port}` || h.host === `localhost:${endpoint.port}`;
          // The secret in its protocol's header: X-IDENTITY-HEADER for 2019-08-01, `secret` for 2017-09-01 (the
          // first api-version counts), Authorization for azd.
          const apiVersion = new URLSearchParams(c.query.slice(1)).get('api-version');
          const proved = c.path.startsWith('/azd')
            ? h.authorization === `Bearer ${secret}`
            : (apiVersion === '2019-08-01' && h.identity === secret) || (apiVersion === '2017-09-01' && h.legacy === secret);
          // Node's own parser refuses malformed requests (and a missing Host) with an empty 400 before the endpoint sees them.
          const fromEndpoint = answer.body !== '';
          if (h.host === undefined) assert.ok(answer.status === 400 || answer.status === 403, `${context}: no Host, yet ${answer.status}`);
          if (fromEndpoint && (!loopbackHost || h.origin !== undefined)) assert.equal(answer.status, 403, `${context}: a foreign Host, or an Origin, is refused`);
          else if (fromEndpoint && target.length > MAX_URL_LENGTH) assert.equal(answer.status, 414, `${context}: a URL over the bound`);
          if (!loopbackHost || h.origin !== undefined || !proved) assert.equal(tokenRequests.length, callsBefore, `${context}: the account was asked without the right secret, Host and no Origin`);
          if (answer.body.includes(FAKE_TOKEN)) {
            served++;
            assert.ok(loopbackHost, `${context}: a token to a foreign Host`);
            assert.equal(h.origin, undefined, `${context}: a token to a web page`);
            assert.ok(proved, `${context}: a token without the right secret in its protocol's header`);
          }
        },
      ),
      { numRuns: NETWORK_RUNS * 3 },
    );
    // The generator must reach the token, or the secret property above proves nothing.
    assert.ok(served >= NETWORK_RUNS / 8, `only ${served} of ${NETWORK_RUNS * 3} cases got a token`);
    process.stdout.write(`      ${served} of ${NETWORK_RUNS * 3} cases got a token; the slowest answer took ${slowest} ms\n`);
  });

  it(`raw garbage on the socket: an HTTP 400/431 or a well-formed refusal, never a hang (${NETWORK_RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBytes, fc.tuple(method('appService2019'), anyBytes, anyBytes).map(([m, a, b]) => `${m} /${a} HTTP/1.1\r\nHost: ${b}\r\n\r\n`)), async (text) => {
        countCase('terminal endpoint raw bytes');
        const bytes = Buffer.from(`${text}\r\n\r\n`, 'latin1');
        const answer = await exchange(endpoint.port, bytes);
        if (answer === 'closed') return; // only for nothing but empty lines (see exchange)
        assertWellFormed(answer, JSON.stringify(text));
        assert.ok(!answer.body.includes(FAKE_TOKEN), 'garbage got a token');
      }),
      { numRuns: NETWORK_RUNS },
    );
  });

  it(`requests cut short or never finished: an answer or a close, never a hang; then a good request is served (${NETWORK_RUNS / 2} cases)`, async () => {
    const good = `GET /msi/token?resource=${encodeURIComponent('https://management.azure.com')}&api-version=2019-08-01 HTTP/1.1\r\nHost: 127.0.0.1:${endpoint.port}\r\nX-IDENTITY-HEADER: ${secret}\r\nConnection: close\r\n\r\n`;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // Any bytes, with no blank line to end a head: the half-close must end the exchange.
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          // A good request cut at any byte.
          fc.nat({ max: good.length - 1 }).map((cut) => Buffer.from(good, 'latin1').subarray(0, cut)),
          // A body declared far over the bound and never sent.
          fc.constant(Buffer.from(`POST /azd/token?api-version=2023-07-12-preview HTTP/1.1\r\nHost: 127.0.0.1:${endpoint.port}\r\nAuthorization: Bearer ${secret}\r\nContent-Length: 100000\r\n\r\n`, 'latin1')),
        ),
        async (bytes) => {
          countCase('terminal endpoint raw bytes');
          const answer = await exchange(endpoint.port, bytes, true);
          if (answer === 'closed') return;
          assertWellFormed(answer, JSON.stringify(bytes.toString('latin1').slice(0, 200)));
          assert.ok(!answer.body.includes(FAKE_TOKEN), 'an unfinished request got a token');
        },
      ),
      { numRuns: NETWORK_RUNS / 2 },
    );
    // The stand-in refuses one request in four ("not signed in"), so of two good requests in a row one gets the token.
    const answers = [await exchange(endpoint.port, Buffer.from(good, 'latin1')), await exchange(endpoint.port, Buffer.from(good, 'latin1'))];
    assert.ok(answers.some((a) => a !== 'closed' && a.status === 200 && a.body.includes(FAKE_TOKEN)), `the endpoint still serves a good request (statuses ${answers.map((a) => (a === 'closed' ? 'closed' : a.status)).join(', ')})`);
  });

  it(`a valid request with any harmless extra headers and query parameters gets the token (${NETWORK_RUNS} cases)`, async () => {
    const harmless = fc.tuple(fc.stringMatching(/^[a-z]{1,10}$/), headerText.map((v) => encodeURIComponent(v))).filter(([k]) => !['resource', 'scope', 'api', 'apiversion', 'client', 'clientid', 'objectid'].includes(k));
    await fc.assert(
      fc.asyncProperty(fc.array(harmless, { maxLength: 4 }), fc.array(fc.tuple(fc.stringMatching(/^X-[A-Za-z]{1,10}$/), headerText), { maxLength: 4 }), fc.constantFrom('2019-08-01', '2017-09-01'), async (params, extra, version) => {
        countCase('terminal endpoint valid requests');
        tokenRequests.length = 0;
        const query = [`resource=${encodeURIComponent('https://management.azure.com')}`, `api-version=${version}`, ...params.map(([k, v]) => `${k}=${v}`)].join('&');
        const headers = { host: `127.0.0.1:${endpoint.port}`, [version === '2019-08-01' ? 'identity' : 'legacy']: secret, extra };
        const answer = await exchange(endpoint.port, requestBytes({ method: 'GET', target: `/msi/token?${query}`, headers, body: '', lengthMode: 'none' }));
        if (answer === 'closed') return assert.fail('closed without an answer');
        assertWellFormed(answer, query);
        // The stand-in refuses one request in four ("not signed in"): a 400 naming it, else the token.
        if (answer.status === 200) assert.equal((JSON.parse(answer.body) as { access_token: string }).access_token, FAKE_TOKEN);
        else assert.match(answer.body, /not_signed_in/);
        assert.deepEqual(tokenRequests.map((r) => r.scopes), [['https://management.azure.com/.default']]);
      }),
      { numRuns: NETWORK_RUNS },
    );
  });
});

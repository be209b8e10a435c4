// The library's one HTTP client (src/identity/http): the proxy rules of HTTPS_PROXY / HTTP_PROXY / NO_PROXY,
// a credential's token through a real CONNECT proxy, bounded Retry-After, what reaches a log line, timeouts,
// cancellation and the body cap. Servers here are real sockets on loopback.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as net from 'node:net';
import { ClientSecretCredential } from '../../../src/identity/credentials/clientSecretCredential';
import { ClientAuthenticationError } from '../../../src/identity/errors';
import { HttpRequestError, proxyFor, sendRequest, sendWithRetry } from '../../../src/identity/http/index';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { useFreshEmulator } from './support/emulator';

const ARM = 'https://management.azure.com/.default';

/** A loopback HTTP server answering with `handler`; closed (every socket too) by the returned function. */
async function server(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void>; server: http.Server }> {
  const s = http.createServer(handler);
  const sockets = new Set<Socket>();
  s.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server: s,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        s.close(() => resolve());
      }),
  };
}

/** A CONNECT proxy on loopback that records what it was asked to tunnel to, or refuses with `refuse`. */
async function connectProxy(refuse?: number): Promise<{ url: string; tunnels: string[]; authorizations: (string | undefined)[]; close: () => Promise<void> }> {
  const tunnels: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const proxy = await server((_req, res) => res.writeHead(405).end());
  proxy.server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    authorizations.push(req.headers['proxy-authorization']);
    if (refuse) {
      client.end(`HTTP/1.1 ${refuse} Refused\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return { url: proxy.url, tunnels, authorizations, close: proxy.close };
}

describe('the HTTP client (src/identity/http)', function () {
  describe('proxy rules', () => {
    const url = (u: string) => new URL(u);
    it('uses HTTPS_PROXY for https and HTTP_PROXY for http, upper case before lower case', () => {
      const env = { HTTPS_PROXY: 'http://proxy.example:3128', https_proxy: 'http://other:1', http_proxy: 'proxy2.example:8080' };
      assert.equal(proxyFor(url('https://login.microsoftonline.com/x'), env)?.url.host, 'proxy.example:3128');
      assert.equal(proxyFor(url('http://metadata.example/x'), env)?.url.host, 'proxy2.example:8080', 'a proxy without a scheme is http://');
    });
    it('never proxies loopback or link-local hosts (IMDS, App Service, Arc)', () => {
      const env = { HTTPS_PROXY: 'http://proxy.example:3128', HTTP_PROXY: 'http://proxy.example:3128' };
      for (const target of ['http://169.254.169.254/metadata/identity/oauth2/token', 'http://localhost:40342/x', 'https://127.0.0.1:8443/x', 'http://[::1]:80/x']) {
        assert.equal(proxyFor(url(target), env), undefined, target);
      }
    });
    it('honours NO_PROXY: *, exact hosts, domain suffixes and host:port', () => {
      const proxied = (target: string, noProxy: string) => proxyFor(url(target), { HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy }) !== undefined;
      assert.equal(proxied('https://login.microsoftonline.com/', '*'), false);
      assert.equal(proxied('https://login.microsoftonline.com/', 'login.microsoftonline.com'), false);
      assert.equal(proxied('https://login.microsoftonline.com/', '.microsoftonline.com'), false);
      assert.equal(proxied('https://login.microsoftonline.com/', 'microsoftonline.com'), false);
      assert.equal(proxied('https://login.microsoftonline.com/', '*.microsoftonline.com'), false);
      assert.equal(proxied('https://login.microsoftonline.com/', 'login.microsoftonline.com:443'), false);
      assert.equal(proxied('https://login.microsoftonline.com/', 'login.microsoftonline.com:8443'), true, 'another port does not match');
      assert.equal(proxied('https://login.microsoftonline.com/', 'example.com, other.org'), true);
      assert.equal(proxied('https://notmicrosoftonline.com/', 'microsoftonline.com'), true, 'a suffix matches whole labels only');
    });
    it('turns user info into Proxy-Authorization and never shows it', () => {
      const target = proxyFor(url('https://login.microsoftonline.com/'), { HTTPS_PROXY: 'http://user:p%40ss@proxy.example:3128' });
      assert.equal(target?.authorization, `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
      assert.equal(target?.display, 'http://proxy.example:3128');
    });
  });

  describe('sending', () => {
    const closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const close of closers.splice(0)) await close();
    });

    it('honours Retry-After but never waits longer than maxRetryDelayInMs, and logs no query string', async () => {
      let calls = 0;
      const s = await server((_req, res) => {
        calls++;
        if (calls === 1) res.writeHead(429, { 'retry-after': '3600' }).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      closers.push(s.close);
      const lines: string[] = [];
      const response = await sendWithRetry(() => ({ method: 'GET', url: new URL(`${s.url}/token?client_id=do-not-log-me`), headers: {} }), {
        timeoutInMs: 5_000,
        retry: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
        log: (line) => lines.push(line),
      });
      assert.equal(response.status, 200);
      assert.equal(calls, 2);
      assert.deepEqual(lines, [`GET ${s.url}/token: HTTP 429; retry 1 of 2 in 50 ms.`], 'an hour-long Retry-After was cut to the ceiling; the query is not logged');
    });

    it('returns the last answer when retries run out, and does not retry a 400', async () => {
      let calls = 0;
      const s = await server((req, res) => {
        calls++;
        res.writeHead(req.url === '/bad' ? 400 : 503).end();
      });
      closers.push(s.close);
      const retry = { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 };
      assert.equal((await sendWithRetry(() => ({ method: 'GET', url: new URL(`${s.url}/busy`), headers: {} }), { timeoutInMs: 5_000, retry })).status, 503);
      assert.equal(calls, 3, 'the first attempt and two retries');
      assert.equal((await sendWithRetry(() => ({ method: 'GET', url: new URL(`${s.url}/bad`), headers: {} }), { timeoutInMs: 5_000, retry })).status, 400);
      assert.equal(calls, 4);
    });

    it('times out, cancels, and caps the body, each with its own failure', async () => {
      const s = await server((req, res) => {
        if (req.url === '/big') res.writeHead(200).end('x'.repeat(2048));
        // anything else: never answers
      });
      closers.push(s.close);
      const request = (path: string) => ({ method: 'GET' as const, url: new URL(`${s.url}${path}`), headers: {} });
      await assert.rejects(sendRequest(request('/hang'), { timeoutInMs: 200 }), (e: unknown) => e instanceof HttpRequestError && e.failure === 'timeout' && /did not answer within 200 ms/.test(e.message));
      const controller = new AbortController();
      const pending = sendRequest(request('/hang'), { timeoutInMs: 10_000, abortSignal: controller.signal });
      controller.abort();
      await assert.rejects(pending, (e: unknown) => e instanceof HttpRequestError && e.failure === 'aborted');
      await assert.rejects(sendRequest(request('/big'), { timeoutInMs: 5_000, maxBodyBytes: 1024 }), (e: unknown) => e instanceof HttpRequestError && e.failure === 'too-large');
    });

    it('says the endpoint refused the connection', async () => {
      const s = await server((_req, res) => res.end());
      const url = new URL(`${s.url}/x`);
      await s.close();
      await assert.rejects(sendRequest({ method: 'GET', url, headers: {} }, { timeoutInMs: 2_000, peer: 'the IMDS endpoint' }), (e: unknown) => e instanceof HttpRequestError && e.failure === 'refused' && /^The IMDS endpoint refused the connection/.test(e.message));
    });
  });

  describe('a credential behind a proxy (emulator)', () => {
    const emulator = useFreshEmulator();
    let saved: Record<string, string | undefined> = {};
    beforeEach(function () {
      // The authority must be a host name for the proxy to be used: inside the test namespace it is.
      if (!emulator().isolated) this.skip();
      saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY, https_proxy: process.env.https_proxy, no_proxy: process.env.no_proxy };
      delete process.env.https_proxy;
      delete process.env.no_proxy;
    });
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    const credential = () => new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, { retryOptions: { maxRetries: 0 } });

    it('tunnels every request to the authority through HTTPS_PROXY, sending its credentials', async () => {
      const proxy = await connectProxy();
      try {
        process.env.HTTPS_PROXY = proxy.url.replace('http://', 'http://proxyuser:proxypass@');
        delete process.env.NO_PROXY;
        assert.ok((await credential().getToken(ARM)).token);
        assert.ok(proxy.tunnels.length >= 1 && proxy.tunnels.every((t) => t === 'login.microsoftonline.com:443'), `tunnels: ${proxy.tunnels.join(', ')}`);
        assert.equal(proxy.authorizations[0], `Basic ${Buffer.from('proxyuser:proxypass').toString('base64')}`);
        assert.equal((await emulator().tokenRequests()).length, 1, 'the token request arrived through the tunnel');
      } finally {
        await proxy.close();
      }
    });

    it('goes direct for a NO_PROXY host', async () => {
      const proxy = await connectProxy();
      try {
        process.env.HTTPS_PROXY = proxy.url;
        process.env.NO_PROXY = '.microsoftonline.com';
        assert.ok((await credential().getToken(ARM)).token);
        assert.deepEqual(proxy.tunnels, []);
      } finally {
        await proxy.close();
      }
    });

    it('names the proxy, without its password, when it refuses', async () => {
      const proxy = await connectProxy(407);
      try {
        process.env.HTTPS_PROXY = proxy.url.replace('http://', 'http://proxyuser:proxypass@');
        delete process.env.NO_PROXY;
        const error = await credential().getToken(ARM).catch((e: unknown) => e);
        assert.ok(error instanceof ClientAuthenticationError, String(error));
        assert.match(error.message, /The proxy http:\/\/127\.0\.0\.1:\d+ refused to tunnel to login\.microsoftonline\.com:443 \(HTTP 407\).*HTTPS_PROXY/);
        assert.ok(!error.message.includes('proxypass'), 'the proxy password is not in the message');
      } finally {
        await proxy.close();
      }
    });
  });
});

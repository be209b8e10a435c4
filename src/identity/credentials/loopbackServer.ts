// The loopback redirect server of the browser sign-in: listens on 127.0.0.1 only, accepts exactly one
// redirect on its path, checks `state`, answers with a success or failure page, and closes. It gives up
// after a timeout or when cancelled.
import type { AddressInfo } from 'node:net';
import { AbortError, ClientAuthenticationError, InvalidArgumentError } from '../errors';

export interface LoopbackRedirect {
  code: string;
}

export interface LoopbackServerOptions {
  /** The registered redirect URI (`http://localhost[:port][/path]` or `http://127.0.0.1…`); a random port when absent. */
  redirectUri?: string;
  expectedState: string;
  timeoutInMs: number;
  abortSignal?: AbortSignal;
  successPage: string;
  failurePage: (message: string) => string;
}

export interface LoopbackServer {
  /** The redirect URI to put in the authorize request. */
  readonly redirectUri: string;
  /** Resolves with the code of the one redirect, or rejects (error, wrong state, timeout, cancel). */
  readonly redirect: Promise<LoopbackRedirect>;
  close(): void;
}

export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const target = parseRedirectUri(options.redirectUri);
  let settle: { resolve: (r: LoopbackRedirect) => void; reject: (e: Error) => void } | undefined;
  const redirect = new Promise<LoopbackRedirect>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be awaiting yet when an early failure arrives; the caller awaits `redirect` later.
  redirect.catch(() => undefined);

  let finished = false;
  let boundPort = target.port;
  // node:http is loaded here, on first sign-in, to keep requiring the library cheap (getBuiltinModule: a
  // dynamic import() would start Node's ES module loader as well).
  const http = process.getBuiltinModule('node:http');
  // The redirect is a short GET: anything with headers past 8 KB is not it (Node answers 431 by itself).
  const server = http.createServer({ maxHeaderSize: MAX_REDIRECT_HEADER_BYTES }, (request, response) => {
    // A page on another site can reach 127.0.0.1 through a DNS name it controls (DNS rebinding); the browser
    // then sends that name as Host. Only the loopback names this server was given are answered.
    if (!isLoopbackHost(request.headers.host, boundPort)) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      response.end('This server only answers the sign-in redirect on localhost.');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (finished || request.method !== 'GET' || url.pathname !== target.path) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      response.end('Not found');
      return;
    }
    const outcome = readRedirect(url, options.expectedState);
    const page = outcome instanceof Error ? options.failurePage(outcome.message) : options.successPage;
    response.writeHead(outcome instanceof Error ? 400 : 200, { 'content-type': 'text/html; charset=utf-8', connection: 'close', 'cache-control': 'no-store' });
    response.end(page);
    finish(() => (outcome instanceof Error ? settle?.reject(outcome) : settle?.resolve(outcome)));
  });

  const finish = (action: () => void): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    options.abortSignal?.removeEventListener('abort', onAbort);
    // Stop listening at once; let the page already written reach the browser before the sockets go.
    server.close();
    setImmediate(() => server.closeAllConnections());
    action();
  };
  const timer = setTimeout(() => {
    finish(() =>
      settle?.reject(
        new ClientAuthenticationError(undefined, {
          error: 'timeout',
          errorDescription: `Timed out after ${Math.round(options.timeoutInMs / 1000)} s waiting for the browser sign-in to finish. Sign in sooner, or raise timeout.`,
        }),
      ),
    );
  }, options.timeoutInMs);
  const onAbort = (): void => finish(() => settle?.reject(new AbortError('The browser sign-in was cancelled.')));
  if (options.abortSignal?.aborted) onAbort();
  options.abortSignal?.addEventListener('abort', onAbort, { once: true });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new InvalidArgumentError(
          'redirectUri',
          error.code === 'EADDRINUSE'
            ? `Port ${target.port} of the redirect URI is already in use: close what uses it, or use a redirect URI without a port.`
            : `Could not listen on 127.0.0.1:${target.port} for the sign-in redirect: ${error.message}.`,
          { cause: error },
        ),
      );
    });
    server.listen(target.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  boundPort = port;
  return {
    redirectUri: `http://${target.host}:${port}${target.path === '/' && !target.explicitPath ? '' : target.path}`,
    redirect,
    close: () => finish(() => settle?.reject(new AbortError('The browser sign-in was cancelled.'))),
  };
}

const MAX_REDIRECT_HEADER_BYTES = 8 * 1024;

/** `localhost:<port>` or `127.0.0.1:<port>`, as a browser following the redirect sends it. */
function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(localhost|127\.0\.0\.1)(?::(\d+))?$/i.exec(host);
  return match !== null && (match[2] === undefined ? port === 80 : Number(match[2]) === port);
}

function readRedirect(url: URL, expectedState: string): LoopbackRedirect | Error {
  const query = url.searchParams;
  if (query.get('state') !== expectedState) {
    return new ClientAuthenticationError(undefined, {
      error: 'state_mismatch',
      errorDescription: 'The sign-in redirect carried an unexpected state, so it was refused (it may not come from this sign-in). Start the sign-in again.',
    });
  }
  const error = query.get('error');
  if (error) {
    const description = query.get('error_description') ?? '';
    return new ClientAuthenticationError(undefined, {
      error,
      errorDescription: description || (error === 'access_denied' ? 'The user cancelled the sign-in.' : 'The sign-in failed.'),
    });
  }
  const code = query.get('code');
  if (!code) {
    return new ClientAuthenticationError(undefined, { error: 'no_code', errorDescription: 'The sign-in redirect carried no authorization code.' });
  }
  return { code };
}

interface RedirectTarget {
  host: string;
  port: number;
  path: string;
  explicitPath: boolean;
}

function parseRedirectUri(redirectUri: string | undefined): RedirectTarget {
  if (redirectUri === undefined) return { host: 'localhost', port: 0, path: '/', explicitPath: false };
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new InvalidArgumentError('redirectUri', `The redirect URI "${redirectUri}" is not a URL; use one like http://localhost:8400.`);
  }
  if (url.protocol !== 'http:' || (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1')) {
    throw new InvalidArgumentError('redirectUri', `The redirect URI "${redirectUri}" must be http://localhost or http://127.0.0.1 (with an optional port and path): sign-in completes on this machine.`);
  }
  return { host: url.hostname, port: url.port === '' ? 0 : Number(url.port), path: url.pathname || '/', explicitPath: redirectUri.replace(/^http:\/\/[^/]+/, '') !== '' };
}

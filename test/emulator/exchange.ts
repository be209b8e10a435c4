// One HTTP request and its answer: the parsed request (host, path, query, form) and the helpers every
// endpoint answers with (JSON, Entra errors, HTML, redirects).
import type * as http from 'node:http';
import { newGuid } from './encoding';
import { entraErrorBody, type EntraError } from './errors';

/** Bodies larger than this are refused; no Entra request comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export interface Exchange {
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly method: string;
  /** The Host the client used, without a default port; endpoints and issuers are built on it. */
  readonly host: string;
  readonly scheme: 'https' | 'http';
  readonly path: string;
  /** Decoded, non-empty path segments. */
  readonly segments: readonly string[];
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly rawBody: Buffer;
  /** The form body (application/x-www-form-urlencoded), when there is one. */
  readonly form: Record<string, string> | undefined;
  /** The client-request-id the client sent, else a new one; Entra echoes it as the correlation id. */
  readonly correlationId: string;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function effectiveHost(hostHeader: string | undefined, scheme: 'https' | 'http', fallback: string): string {
  if (hostHeader === undefined || !HOST.test(hostHeader)) {
    return fallback;
  }
  const defaultPort = scheme === 'https' ? ':443' : ':80';
  const lower = hostHeader.toLowerCase();
  return lower.endsWith(defaultPort) ? lower.slice(0, -defaultPort.length) : lower;
}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function firstValues(params: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!(name in record)) {
      record[name] = value;
    }
  }
  return record;
}

export function flatHeaders(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}

export function parseForm(headers: Record<string, string>, body: Buffer): Record<string, string> | undefined {
  const type = headers['content-type'] ?? '';
  if (body.length === 0 || !type.toLowerCase().includes('application/x-www-form-urlencoded')) {
    return undefined;
  }
  return firstValues(new URLSearchParams(body.toString('utf8')));
}

export function createExchange(req: http.IncomingMessage, res: http.ServerResponse, scheme: 'https' | 'http', fallbackHost: string, rawBody: Buffer): Exchange {
  const headers = flatHeaders(req);
  const host = effectiveHost(headers.host, scheme, fallbackHost);
  // Concatenated, not resolved: a request target like //evil/x must stay a path.
  const url = new URL(`${scheme}://${host}${(req.url ?? '/').startsWith('/') ? req.url ?? '/' : `/${req.url}`}`);
  const segments = url.pathname.split('/').filter((s) => s !== '').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const requestId = headers['client-request-id'];
  return {
    req, res, method: (req.method ?? 'GET').toUpperCase(), host, scheme, path: url.pathname, segments,
    query: firstValues(url.searchParams), headers, rawBody, form: parseForm(headers, rawBody),
    correlationId: requestId !== undefined && /^[A-Za-z0-9-]{1,64}$/.test(requestId) ? requestId : newGuid(),
  };
}

function baseHeaders(exchange: Exchange): Record<string, string> {
  return {
    'Cache-Control': 'no-store, no-cache',
    Pragma: 'no-cache',
    'x-ms-request-id': newGuid(),
    'client-request-id': exchange.correlationId,
    'x-ms-ests-server': 'azure-identity-emulator',
  };
}

export function send(exchange: Exchange, status: number, contentType: string, body: string, headers: Record<string, string>): void {
  const { res } = exchange;
  if (res.headersSent || res.destroyed) {
    return;
  }
  res.writeHead(status, { ...baseHeaders(exchange), 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(exchange.method === 'HEAD' ? undefined : body);
}

export function sendJson(exchange: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(exchange, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}

export function sendEntraError(exchange: Exchange, error: EntraError, headers: Record<string, string> = {}): void {
  sendJson(exchange, error.status, entraErrorBody(error, exchange.correlationId, exchange.host), headers);
}

export function sendHtml(exchange: Exchange, status: number, html: string, headers: Record<string, string> = {}): void {
  send(exchange, status, 'text/html; charset=utf-8', html, { 'X-Frame-Options': 'DENY', ...headers });
}

export function sendText(exchange: Exchange, status: number, text: string, headers: Record<string, string> = {}): void {
  send(exchange, status, 'text/plain; charset=utf-8', text, headers);
}

export function redirect(exchange: Exchange, location: string): void {
  send(exchange, 302, 'text/html; charset=utf-8', `<a href="${escapeHtml(location)}">Continue</a>`, { Location: location });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

// An MSAL network client (INetworkModule) that trusts the emulator's CA, for tests that run real
// @azure/msal-node in a process started without NODE_EXTRA_CA_CERTS. MSAL 7's own client uses fetch,
// which reads extra CAs only at process start.
import * as https from 'node:https';
import * as http from 'node:http';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

const DEFAULT_TIMEOUT_MS = 15_000;

export class EmulatorNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorNetworkError';
  }
}

function send<T>(agent: https.Agent, method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined, timeoutMs: number): Promise<NetworkResponse<T>> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const body = method === 'POST' ? options?.body ?? '' : undefined;
    const transport = target.protocol === 'http:' ? http : https;
    const req = transport.request(target, {
      method,
      ...(target.protocol === 'https:' ? { agent } : {}),
      timeout: timeoutMs,
      headers: { ...(options?.headers ?? {}), ...(body !== undefined ? { 'Content-Length': Buffer.byteLength(body) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) {
            headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          }
        }
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text === '' ? {} : JSON.parse(text);
        } catch {
          reject(new EmulatorNetworkError(`${method} ${target.pathname} answered ${res.statusCode} with a body that is not JSON`));
          return;
        }
        resolve({ headers, body: parsed as T, status: res.statusCode ?? 0 });
      });
      res.on('error', (error) => reject(new EmulatorNetworkError(`Network request failed: ${error.message}`)));
    });
    req.on('timeout', () => req.destroy(new Error(`Request timeout after ${timeoutMs} ms`)));
    req.on('error', (error) => reject(new EmulatorNetworkError(`Network request failed: ${error.message}`)));
    req.end(body);
  });
}

/** An INetworkModule for `system.networkClient` that trusts `caCertPem` (and still the system CAs). */
export function createEmulatorNetworkClient(caCertPem: string, options: { timeoutMs?: number } = {}): INetworkModule {
  const agent = new https.Agent({ ca: caCertPem, keepAlive: false });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    sendGetRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions, timeout?: number) =>
      send<T>(agent, 'GET', url, requestOptions, timeout ?? timeoutMs),
    sendPostRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions) =>
      send<T>(agent, 'POST', url, requestOptions, timeoutMs),
  };
}

// Azure Resource Manager's `GET /tenants`: the tenants an account can reach. One HTTPS GET with a timeout and
// an abort path; the bearer token is never logged or put in an error. Plain Node.
import https from 'node:https';
import http from 'node:http';

export interface ArmTenant {
  readonly tenantId: string;
  readonly displayName?: string;
  readonly defaultDomain?: string;
  /** `Home` for the account's own tenant, `ProjectedBy` for one it is a guest of. */
  readonly tenantCategory?: string;
}

export class ResourceManagerError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ResourceManagerError';
  }
}

/** Lists the tenants with one token for the cloud's Resource Manager. Follows `nextLink` a few pages. */
export async function listTenants(endpoint: string, token: string, options: { timeoutMs?: number; abortSignal?: AbortSignal } = {}): Promise<ArmTenant[]> {
  const tenants: ArmTenant[] = [];
  let url: string | undefined = `${endpoint.replace(/\/+$/, '')}/tenants?api-version=2022-12-01`;
  for (let page = 0; url && page < 10; page++) {
    const body = (await getJson(url, token, options)) as { value?: unknown; nextLink?: unknown };
    if (!Array.isArray(body.value)) throw new ResourceManagerError(`Resource Manager answered GET /tenants without a list of tenants.`);
    for (const entry of body.value as Record<string, unknown>[]) {
      if (typeof entry?.tenantId !== 'string') continue;
      tenants.push({
        tenantId: entry.tenantId,
        displayName: typeof entry.displayName === 'string' ? entry.displayName : undefined,
        defaultDomain: typeof entry.defaultDomain === 'string' ? entry.defaultDomain : undefined,
        tenantCategory: typeof entry.tenantCategory === 'string' ? entry.tenantCategory : undefined,
      });
    }
    url = typeof body.nextLink === 'string' ? body.nextLink : undefined;
  }
  return tenants;
}

function getJson(url: string, token: string, options: { timeoutMs?: number; abortSignal?: AbortSignal }): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const target = new URL(url);
  const transport = target.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.get(target, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, timeout: timeoutMs, signal: options.abortSignal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(new ResourceManagerError(`Resource Manager at ${target.host}: ${error.message}`)));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
          const detail = typeof error?.message === 'string' ? `${String(error.code)}: ${error.message}` : `HTTP ${status}`;
          reject(new ResourceManagerError(`Resource Manager at ${target.host} refused GET ${target.pathname} (${detail}).`, status));
          return;
        }
        if (body === undefined) reject(new ResourceManagerError(`Resource Manager at ${target.host} answered GET ${target.pathname} with something that is not JSON.`, status));
        else resolve(body);
      });
    });
    request.on('timeout', () => request.destroy(new ResourceManagerError(`Resource Manager at ${target.host} did not answer within ${timeoutMs / 1000} s.`)));
    request.on('error', (error) => reject(error instanceof ResourceManagerError ? error : new ResourceManagerError(`Resource Manager at ${target.host} could not be reached: ${error.message}`)));
  });
}

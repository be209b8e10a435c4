// Fills a custom (private or sovereign) cloud from its Azure Resource Manager metadata:
// `GET <arm>/metadata/endpoints?api-version=2022-09-01` answers the cloud's login endpoint, ARM audiences,
// Graph and portal. A person types only the ARM endpoint. Plain TypeScript; the fetch is injectable, timed out
// and abortable; every failure is a CloudMetadataError saying what to check.
import * as https from 'node:https';

export const CLOUD_METADATA_API_VERSION = '2022-09-01';
const DEFAULT_TIMEOUT_MS = 10_000;

export class CloudMetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudMetadataError';
  }
}

/** What the provider and the settings need of a cloud. */
export interface CloudMetadata {
  /** The cloud's name as ARM gives it (AzureCloud, AzureUSGovernment, or the private cloud's own). */
  readonly name: string;
  /** `https://login.<cloud>` without a trailing slash: the authority host to sign in to. */
  readonly authorityHost: string;
  /** The Resource Manager endpoint, with a trailing slash (as ARM spells it). */
  readonly resourceManagerEndpoint: string;
  /** The scope for ARM tokens: the first audience + `/.default`. */
  readonly managementScope: string;
  readonly audiences: readonly string[];
  readonly tenant: string | undefined;
  readonly identityProvider: string | undefined;
  readonly portal: string | undefined;
  readonly microsoftGraphResourceId: string | undefined;
}

export type FetchLike = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<{ status: number; text(): Promise<string> }>;

export interface CloudMetadataOptions {
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
  readonly abortSignal?: AbortSignal;
}

/** The metadata URL for what a person typed: `management.contoso.cloud`, `https://management.contoso.cloud/`. */
export function cloudMetadataUrl(resourceManagerEndpoint: string): string {
  const text = resourceManagerEndpoint.trim();
  if (!text) throw new CloudMetadataError('Type the Resource Manager endpoint of the cloud, for example https://management.contoso.cloud.');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new CloudMetadataError(`"${resourceManagerEndpoint}" is not a URL: type the Resource Manager endpoint, for example https://management.contoso.cloud.`);
  }
  if (url.protocol !== 'https:') throw new CloudMetadataError(`"${resourceManagerEndpoint}" must be an https URL.`);
  if (url.username || url.password) throw new CloudMetadataError('The Resource Manager endpoint must not carry a user name or password.');
  return `https://${url.host}${url.pathname.replace(/\/+$/, '')}/metadata/endpoints?api-version=${CLOUD_METADATA_API_VERSION}`;
}

function httpsUrl(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new CloudMetadataError(`The cloud's metadata has no ${field}.`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new CloudMetadataError(`The cloud's metadata field ${field} ("${value}") is not a URL.`);
  }
  if (url.protocol !== 'https:') throw new CloudMetadataError(`The cloud's metadata field ${field} ("${value}") is not an https URL.`);
  return url.toString();
}

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** Reads ARM's metadata document (2022-09-01: one object; 2020-06-01: an array, the first is taken). */
export function parseCloudMetadata(body: unknown): CloudMetadata {
  const document = Array.isArray(body) ? body[0] : body;
  if (document === null || typeof document !== 'object') throw new CloudMetadataError('The cloud\'s metadata is not a JSON object.');
  const doc = document as Record<string, unknown>;
  const authentication = doc.authentication as Record<string, unknown> | undefined;
  if (!authentication || typeof authentication !== 'object') throw new CloudMetadataError('The cloud\'s metadata has no authentication section.');
  const authorityHost = httpsUrl(authentication.loginEndpoint, 'authentication.loginEndpoint').replace(/\/+$/, '');
  const audiences = Array.isArray(authentication.audiences) ? authentication.audiences.filter((a): a is string => typeof a === 'string' && a.trim() !== '') : [];
  if (audiences.length === 0) throw new CloudMetadataError('The cloud\'s metadata has no authentication.audiences.');
  const resourceManagerEndpoint = httpsUrl(doc.resourceManager, 'resourceManager');
  return {
    name: optionalString(doc.name) ?? new URL(resourceManagerEndpoint).host,
    authorityHost,
    resourceManagerEndpoint,
    managementScope: `${audiences[0].replace(/\/+$/, '')}/.default`,
    audiences,
    tenant: optionalString(authentication.tenant),
    identityProvider: optionalString(authentication.identityProvider),
    portal: optionalString(doc.portal),
    microsoftGraphResourceId: optionalString(doc.microsoftGraphResourceId),
  };
}

/**
 * A GET over node:https (the extension host patches global fetch with its own proxy and certificate handling;
 * node:https is what the credential library uses too). Follows no redirects; reads at most 1 MiB.
 */
const httpsGet: FetchLike = (url, init) => new Promise((resolve, reject) => {
  const request = https.get(url, { headers: init.headers, signal: init.signal }, (response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) request.destroy(new Error('the answer is larger than 1 MiB'));
      else chunks.push(chunk);
    });
    response.on('end', () => resolve({ status: response.statusCode ?? 0, text: async () => Buffer.concat(chunks).toString('utf8') }));
    response.on('error', reject);
  });
  request.on('error', reject);
});

/** Fetches and reads a cloud's metadata from its Resource Manager endpoint. */
export async function fetchCloudMetadata(resourceManagerEndpoint: string, options: CloudMetadataOptions = {}): Promise<CloudMetadata> {
  const url = cloudMetadataUrl(resourceManagerEndpoint);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.abortSignal ? [options.abortSignal] : [])];
  const signal = AbortSignal.any(signals);
  const doFetch: FetchLike = options.fetch ?? httpsGet;
  let response: { status: number; text(): Promise<string> };
  let text: string;
  try {
    response = await doFetch(url, { signal, headers: { Accept: 'application/json' } });
    text = await response.text();
  } catch (error) {
    if (options.abortSignal?.aborted) throw new CloudMetadataError('Reading the cloud\'s metadata was cancelled.');
    if (signal.aborted) throw new CloudMetadataError(`${new URL(url).host} did not answer within ${Math.round(timeoutMs / 1000)} s: check the Resource Manager endpoint and your network.`);
    throw new CloudMetadataError(`Cannot reach ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}. Check the Resource Manager endpoint.`);
  }
  if (response.status !== 200) {
    throw new CloudMetadataError(`${new URL(url).host} answered ${response.status} for ${new URL(url).pathname}: is it the cloud's Resource Manager endpoint (management.<cloud>)?`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CloudMetadataError(`${new URL(url).host} answered something that is not JSON: is it the cloud's Resource Manager endpoint?`);
  }
  return parseCloudMetadata(body);
}

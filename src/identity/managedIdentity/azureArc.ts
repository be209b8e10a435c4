// Azure Arc-enabled servers (API 2020-06-01): IDENTITY_ENDPOINT + IMDS_ENDPOINT, or the Arc agent installed.
// The handshake: the first request gets 401 with `WWW-Authenticate: Basic realm=<key file>`; reading that file
// proves the caller may use the identity (only privileged local users can). The path must be a `.key` file in
// the agent's token directory and small, so a rogue endpoint cannot make us read and send any other file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ClientAuthenticationError } from '../errors';
import { createEndpointSource, systemAssignedOnly } from './endpointSource';
import type { HttpRequest, HttpResponse } from '../http/index';
import type { ManagedIdentitySource, SourceSettings } from './types';

const API_VERSION = '2020-06-01';
const MAX_KEY_FILE_BYTES = 4096;

/** Where the Arc agent writes its key files. */
export function defaultArcKeyDirectory(): string | undefined {
  if (process.platform === 'linux') return '/var/opt/azcmagent/tokens';
  if (process.platform === 'win32') return path.join(process.env.ProgramData ?? 'C:\\ProgramData', 'AzureConnectedMachineAgent', 'Tokens');
  return undefined;
}

/** The agent's default endpoint, used when the agent is installed but the variables are not set. */
export const DEFAULT_ARC_ENDPOINT = 'http://127.0.0.1:40342/metadata/identity/oauth2/token';

/** Where the Arc agent's executable lives when it is installed. */
export function arcAgentExecutable(): string | undefined {
  if (process.platform === 'linux') return '/opt/azcmagent/bin/himds';
  if (process.platform === 'win32') return path.join(process.env.ProgramW6432 ?? process.env.ProgramFiles ?? 'C:\\Program Files', 'AzureConnectedMachineAgent', 'himds.exe');
  return undefined;
}

export function createAzureArcSource(settings: SourceSettings, endpoint: string, keyDirectory: string | undefined): ManagedIdentitySource {
  return createEndpointSource(
    {
      name: 'AzureArc',
      endpointName: 'Azure Arc',
      unsupportedIdentity: settings.identity.kind === 'system' ? undefined : systemAssignedOnly('Azure Arc'),
      build(resource) {
        const url = new URL(endpoint);
        url.searchParams.set('api-version', API_VERSION);
        url.searchParams.set('resource', resource);
        return { method: 'GET', url, headers: { Metadata: 'true' } };
      },
      answerChallenge: (response, request) => answerArcChallenge(response, request, keyDirectory),
    },
    settings,
  );
}

async function answerArcChallenge(response: HttpResponse, request: HttpRequest, keyDirectory: string | undefined): Promise<HttpRequest> {
  const fail = (description: string): ClientAuthenticationError =>
    new ClientAuthenticationError(401, { error: 'arc_challenge_failed', errorDescription: `Azure Arc: ${description}` });
  const header = response.headers['www-authenticate'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw fail('the endpoint answered 401 without a WWW-Authenticate header.');
  const match = /Basic realm=(.+)$/i.exec(value.trim());
  if (!match) throw fail('the WWW-Authenticate header is not "Basic realm=<key file>".');
  const keyFile = match[1].trim();
  if (!keyDirectory) throw fail(`managed identity on Azure Arc is not supported on ${process.platform}.`);
  if (path.extname(keyFile) !== '.key') throw fail('the challenge names a file that is not a .key file.');
  if (path.resolve(path.dirname(keyFile)) !== path.resolve(keyDirectory)) {
    throw fail(`the challenge names a file outside the agent's token directory ${keyDirectory}.`);
  }
  let secret: string;
  try {
    const stat = await fs.stat(keyFile);
    if (stat.size > MAX_KEY_FILE_BYTES) throw fail(`the key file is larger than ${MAX_KEY_FILE_BYTES} bytes.`);
    secret = (await fs.readFile(keyFile, 'utf8')).trim();
  } catch (error) {
    if (error instanceof ClientAuthenticationError) throw error;
    throw fail(`the key file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); run as a user in the "himds" group or as an administrator.`);
  }
  return { ...request, headers: { ...request.headers, Authorization: `Basic ${secret}` } };
}

// AzureCliCredential: the identity signed in to the Azure CLI, through
// `az account get-access-token --output json --resource <r> [--tenant <t>] [--subscription <s>]`.
// Tokens are cached until their refresh time, concurrent callers share one `az` run, a missing or signed-out
// CLI is remembered for a few seconds, and nothing the CLI prints reaches a message unsanitized.
import { AbortError, ClientAuthenticationError, CredentialUnavailableError } from '../errors';
import { findExecutable } from '../process/findExecutable';
import { isProcessRunError } from '../process/processErrors';
import { redactOutput } from '../process/redactOutput';
import { runProcess, type ProcessResult } from '../process/runProcess';
import { checkSubscription, checkToolScope, toolCommand } from '../process/toolArguments';
import { unavailabilityMemory, UNAVAILABILITY_TTL_MS } from '../unavailabilityMemory';
import { scopeToResource } from '../scopes';
import { checkTenantId } from '../tenant';
import type { TokenRequest } from '../tokenRunner';
import type { AccessToken, MultiTenantTokenCredentialOptions } from '../types';
import { DeveloperToolCredential } from './developerToolCredential';

export interface AzureCliCredentialOptions extends MultiTenantTokenCredentialOptions {
  /** The tenant to ask the CLI for; default the CLI's current tenant. */
  tenantId?: string;
  /** The subscription (id or name) whose tenant the CLI uses; default the CLI's current subscription. */
  subscription?: string;
}

export const DEFAULT_PROCESS_TIMEOUT_MS = 10_000;

export const azureCliMessages = {
  notInstalled: 'Azure CLI not found on path. Install it (https://aka.ms/azure-cli), then sign in with "az login".',
  notLoggedIn: "Please run 'az login' to set up an account.",
  claims: "This credential doesn't support claims challenges. To authenticate with the required claims, please run the following command:",
} as const;

const CREDENTIAL_NAME = 'AzureCliCredential';

export class AzureCliCredential extends DeveloperToolCredential {
  private readonly timeoutInMs: number;
  private readonly subscription: string | undefined;

  constructor(options: AzureCliCredentialOptions = {}) {
    if (options.tenantId) checkTenantId(options.tenantId);
    if (options.subscription) checkSubscription(options.subscription);
    super(CREDENTIAL_NAME, options, { tenantId: options.tenantId || undefined, maxScopes: 1 });
    this.subscription = options.subscription || undefined;
    this.timeoutInMs = options.processTimeoutInMs ?? DEFAULT_PROCESS_TIMEOUT_MS;
  }

  protected override async acquire(request: TokenRequest): Promise<AccessToken> {
    const scope = request.scopes[0];
    checkToolScope(scope, CREDENTIAL_NAME);
    if (request.claims) throw new CredentialUnavailableError(`${azureCliMessages.claims} ${claimsLoginCommand(request)}`);

    const env = process.env;
    const missingKey = `az-missing:${env.PATH ?? ''}`;
    const signedOutKey = `az-signed-out:${env.PATH ?? ''}:${env.AZURE_CONFIG_DIR ?? ''}:${request.tenantId ?? ''}`;
    const remembered = unavailabilityMemory.recall(missingKey) ?? unavailabilityMemory.recall(signedOutKey);
    if (remembered) throw new CredentialUnavailableError(remembered);

    const az = await findExecutable('az', env);
    if (!az) {
      unavailabilityMemory.remember(missingKey, azureCliMessages.notInstalled, UNAVAILABILITY_TTL_MS.toolNotFound);
      throw new CredentialUnavailableError(azureCliMessages.notInstalled);
    }
    const args = ['account', 'get-access-token', '--output', 'json', '--resource', scopeToResource(scope)];
    // The CLI refuses both at once: a tenant (configured or asked for) wins over the subscription's tenant.
    if (request.tenantId) args.push('--tenant', request.tenantId);
    else if (this.subscription) args.push('--subscription', this.subscription);

    let result: ProcessResult;
    try {
      const run = runProcess({
        ...toolCommand(az, args),
        env: { ...env, AZURE_CORE_NO_COLOR: 'true' },
        timeoutInMs: this.timeoutInMs,
        abortSignal: request.abortSignal,
      });
      // Written once az has been started (runProcess spawns synchronously): a process's first line may load
      // the Azure SDK logger, which then happens while az runs instead of before it starts.
      this.logger.info(`Running az account get-access-token for ${scopeToResource(scope)}${request.tenantId ? ` in tenant ${request.tenantId}` : ''}.`);
      result = await run;
    } catch (error) {
      throw this.processFailure(error, missingKey);
    }
    if (result.exitCode !== 0) throw this.cliFailure(result, missingKey, signedOutKey);
    return parseCliToken(result.stdout);
  }

  private processFailure(error: unknown, missingKey: string): Error {
    if (isProcessRunError(error, 'not-found')) {
      unavailabilityMemory.remember(missingKey, azureCliMessages.notInstalled, UNAVAILABILITY_TTL_MS.toolNotFound);
      return new CredentialUnavailableError(azureCliMessages.notInstalled, { cause: error });
    }
    if (isProcessRunError(error, 'timeout')) {
      return new CredentialUnavailableError(
        `Azure CLI did not return a token within ${this.timeoutInMs} ms and was stopped. Check that "az account get-access-token" works in a terminal, or raise processTimeoutInMs.`,
        { cause: error },
      );
    }
    if (isProcessRunError(error, 'aborted')) return new AbortError();
    if (isProcessRunError(error)) return new CredentialUnavailableError(`Failed to invoke the Azure CLI: ${error.message}`, { cause: error });
    return error instanceof Error ? error : new Error(String(error));
  }

  private cliFailure(result: ProcessResult, missingKey: string, signedOutKey: string): Error {
    const stderr = result.stderr;
    if (result.exitCode === 127 || /az: (command )?not found|'az' is not recognized/i.test(stderr)) {
      unavailabilityMemory.remember(missingKey, azureCliMessages.notInstalled, UNAVAILABILITY_TTL_MS.toolNotFound);
      return new CredentialUnavailableError(azureCliMessages.notInstalled);
    }
    // "Please run 'az login' to setup account.", "...Run 'az login'...", "az account set": nobody usable is signed in.
    if (/az login|az account set/i.test(stderr) && !/az login --scope/i.test(stderr)) {
      unavailabilityMemory.remember(signedOutKey, azureCliMessages.notLoggedIn, UNAVAILABILITY_TTL_MS.notSignedIn);
      return new CredentialUnavailableError(azureCliMessages.notLoggedIn);
    }
    const shown = redactOutput(stderr) || `az exited with code ${result.exitCode ?? result.signal}`;
    return new ClientAuthenticationError(undefined, { error: 'azure_cli_error', errorDescription: shown }, { message: `Azure CLI could not get a token: ${shown}` });
  }
}


function claimsLoginCommand(request: TokenRequest): string {
  const encoded = Buffer.from(request.claims ?? '', 'utf8').toString('base64');
  return `az login --claims-challenge ${encoded} --scope ${request.scopes[0]}${request.tenantId ? ` --tenant ${request.tenantId}` : ''}`;
}

/**
 * The token in `az account get-access-token` output: `expires_on` (epoch seconds, Azure CLI 2.54+) when
 * present, else `expiresOn`, a local time "YYYY-MM-DD HH:MM:SS.ffffff".
 */
export function parseCliToken(stdout: string): AccessToken {
  const unexpected = (): ClientAuthenticationError => {
    const shown = redactOutput(stdout);
    return new ClientAuthenticationError(undefined, {
      error: 'azure_cli_unexpected_output',
      errorDescription: `Unexpected output from Azure CLI: '${shown}'. To mitigate this issue, please refer to the troubleshooting guidelines here at https://aka.ms/azsdk/js/identity/azclicredential/troubleshoot.`,
    });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw unexpected();
  }
  if (parsed === null || typeof parsed !== 'object') throw unexpected();
  const record = parsed as Record<string, unknown>;
  const token = record.accessToken;
  if (typeof token !== 'string' || token.length === 0) throw unexpected();
  const expiresOnTimestamp = readCliExpiry(record);
  if (expiresOnTimestamp === undefined) throw unexpected();
  return { token, expiresOnTimestamp, tokenType: 'Bearer' };
}

function readCliExpiry(record: Record<string, unknown>): number | undefined {
  const epoch = record.expires_on;
  const fromEpoch = typeof epoch === 'number' || (typeof epoch === 'string' && /^\d+$/.test(epoch)) ? validTimestamp(Number(epoch) * 1000) : undefined;
  if (fromEpoch !== undefined) return fromEpoch;
  const local = record.expiresOn;
  if (typeof local !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(local.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  // No zone in the text: the CLI wrote the machine's local time, so it is read as local time.
  const ms = fraction ? Math.floor(Number(fraction.padEnd(6, '0')) / 1000) : 0;
  const value = new Date(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms).getTime();
  return validTimestamp(value);
}

/** A time a Date can hold and that lies after the epoch; anything else is not an expiry (1e308 s is not). */
function validTimestamp(ms: number): number | undefined {
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_DATE_MS ? ms : undefined;
}

const MAX_DATE_MS = 8.64e15;

// AzureDeveloperCliCredential: the identity signed in to the Azure Developer CLI, through
// `azd auth token --output json --no-prompt --scope <s>… [--tenant-id <t>] [--claims <base64>]`, whose
// answer is {"token": …, "expiresOn": "<RFC 3339>"}. Like AzureCliCredential: tokens cached until their
// refresh time, concurrent callers share one run, a missing or signed-out azd remembered for a few seconds,
// and nothing azd prints reaches a message unsanitized. Every failure is CredentialUnavailableError, as in
// @azure/identity, so a chain moves on.
import { AbortError, CredentialUnavailableError } from '../errors';
import { findExecutable } from '../process/findExecutable';
import { isProcessRunError } from '../process/processErrors';
import { redactOutput } from '../process/redactOutput';
import { runProcess, type ProcessResult } from '../process/runProcess';
import { checkToolScope, toolCommand } from '../process/toolArguments';
import { unavailabilityMemory, UNAVAILABILITY_TTL_MS } from '../unavailabilityMemory';
import { checkTenantId } from '../tenant';
import type { TokenRequest } from '../tokenRunner';
import type { AccessToken, MultiTenantTokenCredentialOptions } from '../types';
import { DEFAULT_PROCESS_TIMEOUT_MS } from './azureCliCredential';
import { DeveloperToolCredential } from './developerToolCredential';

export interface AzureDeveloperCliCredentialOptions extends MultiTenantTokenCredentialOptions {
  /** The tenant to ask azd for; default azd's own. */
  tenantId?: string;
}

export const azureDeveloperCliMessages = {
  notInstalled:
    "Azure Developer CLI couldn't be found. To mitigate this issue, see the troubleshooting guidelines at https://aka.ms/azsdk/js/identity/azdevclicredential/troubleshoot.",
  login:
    "Please run 'azd auth login' from a command prompt to authenticate before using this credential. For more information, see the troubleshooting guidelines at https://aka.ms/azsdk/js/identity/azdevclicredential/troubleshoot.",
  unknown: 'Unknown error while trying to retrieve the access token',
  claim: "This credential doesn't support claims challenges. To authenticate with the required claims, please run the following command:",
} as const;

const CREDENTIAL_NAME = 'AzureDeveloperCliCredential';

export class AzureDeveloperCliCredential extends DeveloperToolCredential {
  private readonly timeoutInMs: number;

  constructor(options: AzureDeveloperCliCredentialOptions = {}) {
    if (options.tenantId) checkTenantId(options.tenantId);
    // azd takes several scopes in one run.
    super(CREDENTIAL_NAME, options, { tenantId: options.tenantId || undefined });
    this.timeoutInMs = options.processTimeoutInMs ?? DEFAULT_PROCESS_TIMEOUT_MS;
  }

  protected override async acquire(request: TokenRequest): Promise<AccessToken> {
    for (const scope of request.scopes) checkToolScope(scope, CREDENTIAL_NAME);
    const env = process.env;
    const missingKey = `azd-missing:${env.PATH ?? ''}`;
    const signedOutKey = `azd-signed-out:${env.PATH ?? ''}:${env.AZD_CONFIG_DIR ?? ''}:${request.tenantId ?? ''}`;
    const remembered = unavailabilityMemory.recall(missingKey) ?? (request.claims ? undefined : unavailabilityMemory.recall(signedOutKey));
    if (remembered) throw new CredentialUnavailableError(remembered);

    const azd = await findExecutable('azd', env);
    if (!azd) throw this.notInstalled(missingKey);
    const args = ['auth', 'token', '--output', 'json', '--no-prompt', ...request.scopes.flatMap((scope) => ['--scope', scope])];
    if (request.tenantId) args.push('--tenant-id', request.tenantId);
    if (request.claims) args.push('--claims', Buffer.from(request.claims, 'utf8').toString('base64'));
    this.logger.info(`Running azd auth token for ${request.scopes.join(', ')}${request.tenantId ? ` in tenant ${request.tenantId}` : ''}.`);

    let result: ProcessResult;
    try {
      result = await runProcess({
        ...toolCommand(azd, args),
        // azd checks for updates and asks for telemetry consent only when a person is there to see it.
        env: { ...env, AZURE_DEV_COLLECT_TELEMETRY: env.AZURE_DEV_COLLECT_TELEMETRY ?? 'no', AZD_SKIP_UPDATE_CHECK: 'true' },
        timeoutInMs: this.timeoutInMs,
        abortSignal: request.abortSignal,
      });
    } catch (error) {
      throw this.processFailure(error, missingKey);
    }
    if (result.exitCode !== 0) throw this.azdFailure(result, request, missingKey, signedOutKey);
    return parseAzdToken(result.stdout, result.stderr);
  }

  private notInstalled(missingKey: string, cause?: unknown): CredentialUnavailableError {
    unavailabilityMemory.remember(missingKey, azureDeveloperCliMessages.notInstalled, UNAVAILABILITY_TTL_MS.toolNotFound);
    return new CredentialUnavailableError(azureDeveloperCliMessages.notInstalled, { cause });
  }

  private processFailure(error: unknown, missingKey: string): Error {
    if (isProcessRunError(error, 'not-found')) return this.notInstalled(missingKey, error);
    if (isProcessRunError(error, 'timeout')) {
      return new CredentialUnavailableError(
        `Azure Developer CLI did not return a token within ${this.timeoutInMs} ms and was stopped. Check that "azd auth token --output json" works in a terminal, or raise processTimeoutInMs.`,
        { cause: error },
      );
    }
    if (isProcessRunError(error, 'aborted')) return new AbortError();
    if (isProcessRunError(error)) return new CredentialUnavailableError(`Failed to invoke the Azure Developer CLI: ${error.message}`, { cause: error });
    return error instanceof Error ? error : new Error(String(error));
  }

  private azdFailure(result: ProcessResult, request: TokenRequest, missingKey: string, signedOutKey: string): Error {
    const stderr = result.stderr;
    if (result.exitCode === 127 || /azd:(.*)not found/.test(stderr) || stderr.startsWith("'azd' is not recognized")) return this.notInstalled(missingKey);
    if (/not logged in, run `azd (auth )?login` to login/.test(stderr)) {
      unavailabilityMemory.remember(signedOutKey, azureDeveloperCliMessages.login, UNAVAILABILITY_TTL_MS.notSignedIn);
      return new CredentialUnavailableError(azureDeveloperCliMessages.login);
    }
    if (/must use multi-factor authentication|reauthentication required/.test(stderr)) {
      const loginCommand = `azd auth login ${request.scopes.map((scope) => `--scope ${scope}`).join(' ')}`;
      return new CredentialUnavailableError(`${azureDeveloperCliMessages.claim} ${loginCommand}`);
    }
    const shown = redactOutput(stderr.replace(/^\s*ERROR:\s*/, '')) || `azd exited with code ${result.exitCode ?? result.signal}`;
    return new CredentialUnavailableError(`Azure Developer CLI could not get a token: ${shown}`);
  }
}


/** The token in `azd auth token --output json` output: {"token": "...", "expiresOn": "2025-01-01T00:00:00Z"}. */
export function parseAzdToken(stdout: string, stderr = ''): AccessToken {
  const unexpected = (): CredentialUnavailableError =>
    new CredentialUnavailableError(
      `Unexpected output from the Azure Developer CLI: '${redactOutput(stdout) || redactOutput(stderr)}'. Check that "azd auth token --output json" prints a token in a terminal.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw unexpected();
  }
  if (parsed === null || typeof parsed !== 'object') throw unexpected();
  const { token, expiresOn } = parsed as Record<string, unknown>;
  if (typeof token !== 'string' || token === '' || typeof expiresOn !== 'string') throw unexpected();
  const expiresOnTimestamp = new Date(expiresOn).getTime();
  if (Number.isNaN(expiresOnTimestamp)) throw unexpected();
  return { token, expiresOnTimestamp, tokenType: 'Bearer' };
}

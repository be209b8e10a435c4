// AzurePowerShellCredential: the identity signed in to Azure PowerShell (Connect-AzAccount), through
// `Get-AzAccessToken` run by `pwsh` (else Windows PowerShell, `powershell`). The script handles the token
// arriving as a SecureString (Az.Accounts 2.17+ with -AsSecureString, and always from 5.0) and prints one
// JSON line; tokens are cached until their refresh time and PowerShell's output never reaches a message raw.
import { AbortError, ClientAuthenticationError, CredentialUnavailableError } from '../errors';
import { findExecutable } from '../process/findExecutable';
import { isProcessRunError } from '../process/processErrors';
import { redactOutput } from '../process/redactOutput';
import { runProcess, type ProcessResult } from '../process/runProcess';
import { checkToolScope } from '../process/toolArguments';
import { unavailabilityMemory, UNAVAILABILITY_TTL_MS } from '../unavailabilityMemory';
import { scopeToResource } from '../scopes';
import { checkTenantId } from '../tenant';
import type { TokenRequest } from '../tokenRunner';
import type { AccessToken, MultiTenantTokenCredentialOptions } from '../types';
import { DEFAULT_PROCESS_TIMEOUT_MS } from './azureCliCredential';
import { DeveloperToolCredential } from './developerToolCredential';

export interface AzurePowerShellCredentialOptions extends MultiTenantTokenCredentialOptions {
  /** The tenant to ask Azure PowerShell for; default its current context's tenant. */
  tenantId?: string;
}

export const azurePowerShellMessages = {
  notInstalled: 'PowerShell is not installed. Install PowerShell 7 (https://aka.ms/powershell) and the Az module, then run Connect-AzAccount.',
  noAzAccounts:
    'Az.Account module >= 2.2.0 is not installed. Install it with: Install-Module -Name Az -Scope CurrentUser -Repository PSGallery -Force',
  notLoggedIn: 'Please run "Connect-AzAccount" to set up account.',
  executionPolicy: 'Execution policy prevented invoking Azure PowerShell. Allow scripts (Set-ExecutionPolicy -Scope CurrentUser RemoteSigned) and retry.',
  claims: "This credential doesn't support claims challenges. To authenticate with the required claims, please run the following command:",
} as const;

const CREDENTIAL_NAME = 'AzurePowerShellCredential';
/** What the script prints when Az.Accounts is missing; a marker no module or token could print. */
const NO_MODULE_MARKER = 'AZURE_IDENTITY_NO_AZ_ACCOUNTS';

export class AzurePowerShellCredential extends DeveloperToolCredential {
  private readonly timeoutInMs: number;

  constructor(options: AzurePowerShellCredentialOptions = {}) {
    if (options.tenantId) checkTenantId(options.tenantId);
    super(CREDENTIAL_NAME, options, { tenantId: options.tenantId || undefined, maxScopes: 1 });
    this.timeoutInMs = options.processTimeoutInMs ?? DEFAULT_PROCESS_TIMEOUT_MS;
  }

  protected override async acquire(request: TokenRequest): Promise<AccessToken> {
    const scope = request.scopes[0];
    checkToolScope(scope, CREDENTIAL_NAME);
    if (request.claims) {
      const encoded = Buffer.from(request.claims, 'utf8').toString('base64');
      throw new CredentialUnavailableError(
        `${azurePowerShellMessages.claims} Connect-AzAccount -ClaimsChallenge ${encoded}${request.tenantId ? ` -Tenant ${request.tenantId}` : ''}`,
      );
    }
    const env = process.env;
    const missingKey = `pwsh-missing:${env.PATH ?? ''}`;
    const signedOutKey = `pwsh-signed-out:${env.PATH ?? ''}:${request.tenantId ?? ''}`;
    const remembered = unavailabilityMemory.recall(missingKey) ?? unavailabilityMemory.recall(signedOutKey);
    if (remembered) throw new CredentialUnavailableError(remembered);

    const shell = (await findExecutable('pwsh', env)) ?? (await findExecutable('powershell', env));
    if (!shell) {
      unavailabilityMemory.remember(missingKey, azurePowerShellMessages.notInstalled, UNAVAILABILITY_TTL_MS.toolNotFound);
      throw new CredentialUnavailableError(azurePowerShellMessages.notInstalled);
    }
    const script = tokenScript(scopeToResource(scope), request.tenantId);
    this.logger.info(`Running Get-AzAccessToken for ${scopeToResource(scope)}${request.tenantId ? ` in tenant ${request.tenantId}` : ''}.`);
    let result: ProcessResult;
    try {
      result = await runProcess({
        command: shell,
        args: ['-NoProfile', '-NonInteractive', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')],
        timeoutInMs: this.timeoutInMs,
        abortSignal: request.abortSignal,
      });
    } catch (error) {
      if (isProcessRunError(error, 'aborted')) throw new AbortError();
      if (isProcessRunError(error, 'timeout')) {
        throw new CredentialUnavailableError(
          `Azure PowerShell did not return a token within ${this.timeoutInMs} ms and was stopped. Check that Get-AzAccessToken works in PowerShell, or raise processTimeoutInMs.`,
          { cause: error },
        );
      }
      if (isProcessRunError(error, 'not-found')) throw new CredentialUnavailableError(azurePowerShellMessages.notInstalled, { cause: error });
      throw new CredentialUnavailableError(`Failed to invoke PowerShell: ${(error as Error).message}`, { cause: error });
    }
    return this.readResult(result, signedOutKey);
  }

  private readResult(result: ProcessResult, signedOutKey: string): AccessToken {
    const { stdout, stderr } = result;
    if (result.exitCode === 0 && stdout.includes(NO_MODULE_MARKER)) {
      throw new CredentialUnavailableError(azurePowerShellMessages.noAzAccounts);
    }
    if (result.exitCode !== 0) {
      if (/Run Connect-AzAccount to login/i.test(stderr)) {
        unavailabilityMemory.remember(signedOutKey, azurePowerShellMessages.notLoggedIn, UNAVAILABILITY_TTL_MS.notSignedIn);
        throw new CredentialUnavailableError(azurePowerShellMessages.notLoggedIn);
      }
      if (/AuthorizationManager check failed|running scripts is disabled/i.test(stderr)) {
        throw new CredentialUnavailableError(azurePowerShellMessages.executionPolicy);
      }
      if (/no valid module file was found|Az\.Accounts.*was not loaded/i.test(stderr)) {
        throw new CredentialUnavailableError(azurePowerShellMessages.noAzAccounts);
      }
      const excerpt = redactOutput(stderr).split(/\r?\n/)[0] ?? '';
      throw new CredentialUnavailableError(
        `Failed to invoke PowerShell (exit ${result.exitCode ?? result.signal})${excerpt ? `: ${excerpt}` : ''}. To troubleshoot, visit https://aka.ms/azsdk/js/identity/powershellcredential/troubleshoot.`,
      );
    }
    const token = parsePowerShellToken(stdout);
    if (!token) {
      throw new ClientAuthenticationError(undefined, {
        error: 'azure_powershell_unexpected_output',
        errorDescription: `Unexpected output from Get-AzAccessToken: "${redactOutput(stdout)}"`,
      });
    }
    return token;
  }
}

/** The line `{"Token":"...","ExpiresOn":<epoch seconds>}` among PowerShell's output (warnings may surround it). */
export function parsePowerShellToken(stdout: string): AccessToken | undefined {
  for (const line of stdout.split(/\r?\n/).reverse()) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      const token = parsed.Token;
      const expiresOn = typeof parsed.ExpiresOn === 'string' ? Number(parsed.ExpiresOn) : parsed.ExpiresOn;
      // A SecureString that was not converted serializes as its type name: that is not a token.
      if (typeof token !== 'string' || !token || token === 'System.Security.SecureString') continue;
      // Seconds a Date can hold (up to 8.64e12): a larger value is not an expiry.
      if (typeof expiresOn !== 'number' || !Number.isFinite(expiresOn) || expiresOn <= 0 || expiresOn > 8.64e12) continue;
      return { token, expiresOnTimestamp: expiresOn * 1000, tokenType: 'Bearer' };
    } catch {
      // not the JSON line
    }
  }
  return undefined;
}

/** The PowerShell script; `resource` and `tenantId` were validated to hold no quote or shell character. */
function tokenScript(resource: string, tenantId: string | undefined): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    '$m = Import-Module Az.Accounts -MinimumVersion 2.2.0 -PassThru -ErrorAction SilentlyContinue',
    `if (-not $m) { Write-Output '${NO_MODULE_MARKER}'; exit 0 }`,
    `$params = @{ ResourceUrl = '${resource}'; WarningAction = 'SilentlyContinue' }`,
    `$tenant = '${tenantId ?? ''}'`,
    "if ($tenant) { $params['TenantId'] = $tenant }",
    // 2.17 to 4.x: ask for a SecureString so no deprecation warning is printed; 5.0+ always returns one.
    "if ($m.Version -ge [version]'2.17.0' -and $m.Version -lt [version]'5.0.0') { $params['AsSecureString'] = $true }",
    '$t = Get-AzAccessToken @params',
    '$token = $t.Token',
    'if ($token -is [System.Security.SecureString]) {',
    '  if ($PSVersionTable.PSVersion.Major -lt 7) {',
    '    $ptr = [System.Runtime.InteropServices.Marshal]::SecureStringToBSTR($token)',
    '    try { $token = [System.Runtime.InteropServices.Marshal]::PtrToStringBSTR($ptr) }',
    '    finally { [System.Runtime.InteropServices.Marshal]::ZeroFreeBSTR($ptr) }',
    '  } else {',
    '    $token = ConvertFrom-SecureString -SecureString $token -AsPlainText',
    '  }',
    '}',
    '[pscustomobject]@{ Token = $token; ExpiresOn = $t.ExpiresOn.ToUnixTimeSeconds() } | ConvertTo-Json -Compress',
  ].join('\n');
}

// The probes the report runs: each builds the credential a program's DefaultAzureCredential would build
// (the library's own classes, with this process's environment), asks it for a token, and turns the answer
// into a result with the fix to try. The VS Code account is asked through the AccountService, silently.
import {
  AzureCliCredential,
  AzureDeveloperCliCredential,
  AzurePowerShellCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  forgetRememberedUnavailability,
  type AccessToken,
  type TokenCredential,
} from '../../identity/index';
import type { AccountServiceContract } from '../accounts/accountServiceContract';
import { identityFromToken } from '../accounts/tokenClaims';
import { failureCode } from '../telemetry/errorCode';
import type { ChainProbes, Fix, Probe, ProbeContext, ProbeResult } from './chainReport';
import { checkEnvironment, checkWorkloadIdentity } from './environmentCheck';
import { t } from './localize';

export const REPORT_COMMAND = 'azureIdentity.diagnoseSignIn';

export interface DefaultProbeOptions {
  /** The accounts signed in to this extension (the VS Code account member). */
  readonly accounts: Pick<AccountServiceContract, 'getDefaultAccount' | 'getToken'>;
  readonly env?: NodeJS.ProcessEnv;
  /** How long IMDS may take to answer the availability probe. Default 300 ms. */
  readonly imdsProbeTimeoutMs?: number;
  /** How long az, pwsh and azd may run. Default 20 s. */
  readonly processTimeoutMs?: number;
  /** Builds the Azure Developer CLI member (default: the library's AzureDeveloperCliCredential). */
  readonly createAzureDeveloperCliCredential?: (options: { processTimeoutInMs: number }) => TokenCredential;
}

const DEFAULT_IMDS_PROBE_TIMEOUT_MS = 300;
// Longer than a program's 10 s: a first run of az on a busy machine can take that long, and the report should
// tell a slow tool from a missing one.
const DEFAULT_PROCESS_TIMEOUT_MS = 20_000;

/** The probes of every chain member; forgets remembered absences first so each result is fresh. */
export function createDefaultProbes(options: DefaultProbeOptions): ChainProbes {
  forgetRememberedUnavailability();
  const env = options.env ?? process.env;
  const processTimeoutInMs = options.processTimeoutMs ?? DEFAULT_PROCESS_TIMEOUT_MS;
  const imdsProbeTimeoutMs = options.imdsProbeTimeoutMs ?? DEFAULT_IMDS_PROBE_TIMEOUT_MS;
  const workload = checkWorkloadIdentity(env);

  return {
    environment: async (context) => {
      const check = checkEnvironment(env);
      if (!check.configuredAs) {
        if (check.problems.length > 0) {
          return unavailable(check.problems.join(' '), { text: t('{0} Set the missing variables, or unset the others so no program half-configures a service principal.', check.problems.join(' ')) });
        }
        return unavailable(t('No service principal is set up in AZURE_* environment variables.'), {
          text: t('Nothing to do unless programs should sign in as an application: then set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH).'),
        });
      }
      if (check.problems.length > 0) return { outcome: 'error', reason: check.problems.join(' '), fix: { text: t('Point AZURE_CLIENT_CERTIFICATE_PATH at the PEM file with the certificate and its private key.') }, code: 'CertificateMissing' };
      return ask(new EnvironmentCredential({ environment: env }), context, (error) => explainAuthorityError('environment', error), env.AZURE_CLIENT_ID);
    },

    workloadIdentity: async (context) => {
      if (!workload.configured) {
        if (workload.problems.length > 0) return unavailable(workload.problems.join(' '), { text: t('{0} Kubernetes sets these for pods of a service account with workload identity.', workload.problems.join(' ')) });
        return unavailable(t('AZURE_FEDERATED_TOKEN_FILE is not set: this is not a Kubernetes pod with workload identity.'), { text: t('Nothing to do outside Azure Kubernetes Service.') });
      }
      const credential = new WorkloadIdentityCredential({
        tenantId: env.AZURE_TENANT_ID?.trim(),
        clientId: env.AZURE_CLIENT_ID?.trim(),
        tokenFilePath: env.AZURE_FEDERATED_TOKEN_FILE?.trim(),
      });
      return ask(credential, context, (error) => explainAuthorityError('workloadIdentity', error), env.AZURE_CLIENT_ID);
    },

    managedIdentity: async (context) => {
      if (workload.configured) return { outcome: 'skipped', reason: t('Workload identity is set up: ManagedIdentityCredential uses it (see above).') };
      const clientId = env.AZURE_CLIENT_ID?.trim() || undefined;
      const credential = new ManagedIdentityCredential({ clientId, environment: env, probeTimeoutInMs: imdsProbeTimeoutMs });
      const source = credential.sourceName;
      return ask(credential, context, (error) => explainManagedIdentity(source, error, imdsProbeTimeoutMs, clientId), clientId);
    },

    azureCli: (context) => ask(new AzureCliCredential({ processTimeoutInMs }), context, explainAzureCli),

    azurePowerShell: (context) => ask(new AzurePowerShellCredential({ processTimeoutInMs }), context, explainAzurePowerShell),

    azureDeveloperCli: (context) => {
      const create = options.createAzureDeveloperCliCredential ?? ((o) => new AzureDeveloperCliCredential(o));
      return ask(create({ processTimeoutInMs }), context, explainAzureDeveloperCli);
    },

    visualStudioCode: (context) => probeVisualStudioCodeAccount(options.accounts, context),
  };
}

function unavailable(reason: string, fix?: Fix): ProbeResult {
  return { outcome: 'unavailable', reason, fix, code: 'CredentialUnavailableError' };
}

function isUnavailable(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  return name === 'CredentialUnavailableError' || name === 'AuthenticationRequiredError';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function ask(credential: TokenCredential, context: ProbeContext, explain: (error: unknown) => ProbeResult, fallbackIdentity?: string): Promise<ProbeResult> {
  let token: AccessToken | null;
  try {
    token = await credential.getToken(context.scope, { abortSignal: context.abortSignal });
  } catch (error) {
    return explain(error);
  }
  if (!token) return { outcome: 'error', reason: t('The credential returned no token.'), code: 'NoToken' };
  const who = identityFromToken(token.token);
  const minutes = Math.round((token.expiresOnTimestamp - Date.now()) / 60_000);
  return {
    outcome: 'success',
    reason: t('Got a token for {0}, valid for {1} more minutes.', context.scope, minutes),
    identity: who.username ?? who.appId ?? who.objectId ?? fallbackIdentity,
  };
}

/** Failures with an AADSTS code: what it means for a service principal set up by variables. */
function explainAuthorityError(member: 'environment' | 'workloadIdentity', error: unknown): ProbeResult {
  const code = failureCode(error);
  const message = firstLine(messageOf(error));
  if (isUnavailable(error)) return { outcome: 'unavailable', reason: message, code };
  const variables = member === 'environment' ? t('AZURE_CLIENT_SECRET (or the certificate)') : t('the federated credential of the app');
  const fixes: Record<string, string> = {
    AADSTS7000215: t('The client secret in AZURE_CLIENT_SECRET is wrong: copy the secret\'s value (not its id) from the app registration, or create a new secret.'),
    AADSTS7000222: t('The client secret has expired: create a new one in the app registration (Certificates & secrets) and update AZURE_CLIENT_SECRET.'),
    AADSTS700016: t('The app in AZURE_CLIENT_ID does not exist in the tenant AZURE_TENANT_ID: check both values, or grant the app access to that tenant.'),
    AADSTS90002: t('The tenant in AZURE_TENANT_ID does not exist in this cloud: check the id, and AZURE_AUTHORITY_HOST for a sovereign cloud.'),
    AADSTS900023: t('AZURE_TENANT_ID is not a tenant id or domain: use the directory (tenant) id from the app registration.'),
    AADSTS700027: t('The certificate is not registered on the app: upload its public part to the app registration (Certificates & secrets).'),
    AADSTS70021: t('No federated credential of the app matches this token\'s issuer and subject: add one for this service account.'),
    AADSTS700211: t('No federated credential of the app has this token\'s issuer: add one with the cluster\'s OIDC issuer URL.'),
    AADSTS700212: t('No federated credential of the app has this token\'s audience (api://AzureADTokenExchange by default): fix the credential\'s audience.'),
    AADSTS700213: t('No federated credential of the app matches this token\'s subject: add one for this service account (system:serviceaccount:<namespace>:<name>).'),
    AADSTS700024: t('The federated token has expired: the token file is not being refreshed (check the pod\'s projected service account token).'),
    AADSTS50034: t('The user in AZURE_USERNAME does not exist in that tenant.'),
    AADSTS50126: t('The password in AZURE_PASSWORD is wrong.'),
    AADSTS50076: t('The account needs multi-factor authentication, which a program cannot do: use a service principal instead.'),
    AADSTS50079: t('The account needs multi-factor authentication, which a program cannot do: use a service principal instead.'),
  };
  return { outcome: 'error', reason: message, code, fix: { text: fixes[code] ?? t("Check {0}; the authority's answer says what is wrong.", variables) } };
}

function explainManagedIdentity(source: string, error: unknown, probeTimeoutMs: number, clientId: string | undefined): ProbeResult {
  const code = failureCode(error);
  const message = firstLine(messageOf(error));
  if (source === 'Imds' && /no response from the IMDS endpoint/i.test(message)) {
    return {
      outcome: 'unavailable',
      reason: t('IMDS did not answer in {0} ms: this machine is not an Azure VM.', probeTimeoutMs),
      fix: { text: t('Nothing to do on a developer machine. On an Azure VM, check that nothing (a proxy, a firewall) blocks 169.254.169.254.') },
      code,
    };
  }
  if (/has not been assigned|No identity has been assigned/i.test(message)) {
    return {
      outcome: 'unavailable',
      reason: clientId ? t('IMDS answered, but the user-assigned identity {0} (AZURE_CLIENT_ID) is not assigned to this machine.', clientId) : t('IMDS answered, but this machine has no system-assigned managed identity.'),
      fix: { text: clientId ? t('Assign that identity to this resource (Azure portal: the resource, Identity, User assigned), or unset AZURE_CLIENT_ID.') : t('Turn on the system-assigned identity (Azure portal: the resource, Identity), or assign a user-assigned one.') },
      code,
    };
  }
  if (isUnavailable(error)) return { outcome: 'unavailable', reason: message, code };
  return { outcome: 'error', reason: t('{0} managed identity failed: {1}', source, message), code, fix: { text: t('The endpoint answered with an error: check the identity\'s role assignments and the resource you ask a token for.') } };
}

function explainAzureCli(error: unknown): ProbeResult {
  const code = failureCode(error);
  const message = firstLine(messageOf(error));
  if (/Azure CLI not found|az.* not found/i.test(message)) {
    return { outcome: 'unavailable', reason: t('az is not installed (not found on PATH).'), code, fix: { text: t('Install the Azure CLI, then run az login.'), action: { kind: 'openUrl', url: 'https://aka.ms/azure-cli' }, actionLabel: t('Install the Azure CLI') } };
  }
  if (/az login/i.test(message) && isUnavailable(error)) {
    return { outcome: 'unavailable', reason: t('az is installed but not signed in.'), code, fix: { text: t('az is installed but not signed in: run az login.'), action: { kind: 'runInTerminal', command: 'az login' }, actionLabel: t('Run az login') } };
  }
  if (/did not return a token within/i.test(message)) {
    return { outcome: 'unavailable', reason: message, code, fix: { text: t('az is slow or waiting for something: run az account get-access-token in a terminal to see what.'), action: { kind: 'runInTerminal', command: 'az account get-access-token --output none' }, actionLabel: t('Try it in a terminal') } };
  }
  if (isUnavailable(error)) return { outcome: 'unavailable', reason: message, code };
  return {
    outcome: 'error',
    reason: t('az is signed in but could not get a token: {0}', message),
    code,
    fix: { text: t('Sign in to az again (the session may have expired or need MFA): run az login.'), action: { kind: 'runInTerminal', command: 'az login' }, actionLabel: t('Run az login') },
  };
}

function explainAzurePowerShell(error: unknown): ProbeResult {
  const code = failureCode(error);
  const message = firstLine(messageOf(error));
  if (/PowerShell is not installed/i.test(message)) {
    return { outcome: 'unavailable', reason: t('PowerShell (pwsh) is not installed.'), code, fix: { text: t('Nothing to do unless you use Azure PowerShell: then install PowerShell 7 and the Az module.'), action: { kind: 'openUrl', url: 'https://aka.ms/powershell' }, actionLabel: t('Install PowerShell') } };
  }
  if (/Az\.Account.* not installed/i.test(message)) {
    return {
      outcome: 'unavailable',
      reason: t('pwsh is installed, but the Az.Accounts module is not.'),
      code,
      fix: { text: t('Install the Az module, then run Connect-AzAccount.'), action: { kind: 'runInTerminal', command: 'pwsh -Command "Install-Module -Name Az -Scope CurrentUser -Repository PSGallery -Force"' }, actionLabel: t('Install the Az module') },
    };
  }
  if (/Connect-AzAccount/i.test(message) && isUnavailable(error)) {
    return { outcome: 'unavailable', reason: t('Azure PowerShell is installed but not signed in.'), code, fix: { text: t('Azure PowerShell is not signed in: run Connect-AzAccount.'), action: { kind: 'runInTerminal', command: 'pwsh -NoExit -Command Connect-AzAccount' }, actionLabel: t('Run Connect-AzAccount') } };
  }
  if (isUnavailable(error)) return { outcome: 'unavailable', reason: message, code };
  return { outcome: 'error', reason: t('Azure PowerShell is signed in but could not get a token: {0}', message), code, fix: { text: t('Sign in again: run Connect-AzAccount.'), action: { kind: 'runInTerminal', command: 'pwsh -NoExit -Command Connect-AzAccount' }, actionLabel: t('Run Connect-AzAccount') } };
}

function explainAzureDeveloperCli(error: unknown): ProbeResult {
  const code = failureCode(error);
  const message = firstLine(messageOf(error));
  if (/couldn't be found|not found|not installed/i.test(message)) {
    return { outcome: 'unavailable', reason: t('azd is not installed (not found on PATH).'), code, fix: { text: t('Nothing to do unless you use the Azure Developer CLI: then install it and run azd auth login.'), action: { kind: 'openUrl', url: 'https://aka.ms/azd-install' }, actionLabel: t('Install azd') } };
  }
  if (/azd auth login/i.test(message) && isUnavailable(error)) {
    return { outcome: 'unavailable', reason: t('azd is installed but not signed in.'), code, fix: { text: t('azd is installed but not signed in: run azd auth login.'), action: { kind: 'runInTerminal', command: 'azd auth login' }, actionLabel: t('Run azd auth login') } };
  }
  if (isUnavailable(error)) return { outcome: 'unavailable', reason: message, code };
  return { outcome: 'error', reason: t('azd is signed in but could not get a token: {0}', message), code, fix: { text: t('Sign in again: run azd auth login.'), action: { kind: 'runInTerminal', command: 'azd auth login' }, actionLabel: t('Run azd auth login') } };
}

async function probeVisualStudioCodeAccount(accounts: DefaultProbeOptions['accounts'], context: ProbeContext): Promise<ProbeResult> {
  const signIn: Fix = { text: t('Sign in to Azure Identity (Accounts menu, or the Sign In button).'), action: { kind: 'signIn' }, actionLabel: t('Sign in') };
  const account = await accounts.getDefaultAccount();
  if (!account) return unavailable(t('No account is signed in to Azure Identity in VS Code.'), signIn);
  try {
    const token = await accounts.getToken(undefined, { scopes: [context.scope], abortSignal: context.abortSignal, consumer: { kind: 'command', command: REPORT_COMMAND } });
    const minutes = Math.round((token.expiresOnTimestamp - Date.now()) / 60_000);
    return { outcome: 'success', reason: t('The default account got a token for {0}, valid for {1} more minutes.', context.scope, minutes), identity: account.label };
  } catch (error) {
    const code = failureCode(error);
    return {
      outcome: isUnavailable(error) ? 'unavailable' : 'error',
      reason: t('{0} cannot get a token without signing in again: {1}', account.label, firstLine(messageOf(error))),
      identity: account.label,
      code,
      fix: { ...signIn, text: t('Sign in again as {0}.', account.label) },
    };
  }
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/, 1)[0] ?? '').trim();
}

/** A probe that always answers the same (for members a caller turns off). */
export function fixedProbe(result: ProbeResult): Probe {
  return async () => result;
}

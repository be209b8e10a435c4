// Who may have what from the terminal endpoint: the account a secret is bound to (or the default account), the
// allow-list of resources served at once, and the person's answer for anything else (allow once / always / deny).
// Plain TypeScript over the AccountService contract: no `vscode` import, unit-tested in Node.
import type { Account, AccountServiceContract, CloudName } from '../accounts/accountServiceContract';
import { EndpointTokenError, type EndpointToken, type EndpointTokenRequest } from './tokenEndpointServer';

/** The well-known names the allow-list setting accepts, each meaning that resource in the account's cloud. */
export const WELL_KNOWN_RESOURCES = ['resourceManager', 'graph', 'storage', 'keyVault'] as const;
export type WellKnownResource = (typeof WELL_KNOWN_RESOURCES)[number];

/** The allow-list's default: Resource Manager, Microsoft Graph, Storage and Key Vault of the account's cloud. */
export const DEFAULT_ALLOWED_RESOURCES: readonly string[] = WELL_KNOWN_RESOURCES;

const CLOUD_RESOURCES: Record<Exclude<CloudName, 'custom'>, Record<WellKnownResource, readonly string[]>> = {
  AzureCloud: {
    // The Azure CLI and older SDKs still ask for Resource Manager by its old name.
    resourceManager: ['https://management.azure.com', 'https://management.core.windows.net'],
    graph: ['https://graph.microsoft.com'],
    storage: ['https://storage.azure.com'],
    keyVault: ['https://vault.azure.net'],
  },
  AzureChinaCloud: {
    resourceManager: ['https://management.chinacloudapi.cn', 'https://management.core.chinacloudapi.cn'],
    graph: ['https://microsoftgraph.chinacloudapi.cn'],
    storage: ['https://storage.azure.com'],
    keyVault: ['https://vault.azure.cn'],
  },
  AzureUSGovernment: {
    resourceManager: ['https://management.usgovcloudapi.net', 'https://management.core.usgovcloudapi.net'],
    graph: ['https://graph.microsoft.us'],
    storage: ['https://storage.azure.com'],
    keyVault: ['https://vault.usgovcloudapi.net'],
  },
  AzureGermanCloud: {
    resourceManager: ['https://management.microsoftazure.de', 'https://management.core.cloudapi.de'],
    graph: ['https://graph.microsoft.de'],
    storage: ['https://storage.azure.com'],
    keyVault: ['https://vault.microsoftazure.de'],
  },
};

/** A scope's resource, normalised for comparison: `https://Vault.azure.net/.default` → `https://vault.azure.net`. */
export function scopeResource(scope: string): string {
  const slash = scope.lastIndexOf('/');
  // A bare permission ("User.Read") is a Microsoft Graph one, as Entra reads it.
  const resource = slash < 0 ? 'https://graph.microsoft.com' : scope.slice(0, slash);
  return normaliseResource(resource);
}

const resourceCache = new Map<string, string>();

/** scopeResource, remembered: a terminal asks for the same few scopes over and over. */
function cachedScopeResource(scope: string): string {
  let resource = resourceCache.get(scope);
  if (resource === undefined) {
    resource = scopeResource(scope);
    if (resourceCache.size >= 256) resourceCache.clear();
    resourceCache.set(scope, resource);
  }
  return resource;
}

/** Lower-cased scheme and host, no trailing slash: how the allow-list compares resources. */
export function normaliseResource(resource: string): string {
  const trimmed = resource.trim().replace(/\/+$/, '');
  try {
    const url = new URL(trimmed);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return trimmed.toLowerCase();
  }
}

/**
 * The resources an account may be given without asking: the setting's entries, each a well-known name (that
 * resource in the account's cloud), a resource URI, or `*` (everything; not advised).
 */
export function allowedResourcesFor(cloud: CloudName, setting: readonly string[]): ReadonlySet<string> {
  const allowed = new Set<string>();
  for (const entry of setting) {
    if (entry === '*') {
      allowed.add('*');
    } else if ((WELL_KNOWN_RESOURCES as readonly string[]).includes(entry)) {
      if (cloud !== 'custom') for (const resource of CLOUD_RESOURCES[cloud][entry as WellKnownResource]) allowed.add(resource);
    } else if (entry.trim() !== '') {
      allowed.add(normaliseResource(entry));
    }
  }
  return allowed;
}

export type ConsentAnswer = 'once' | 'always' | 'deny';

export interface ConsentQuestion {
  readonly account: Account;
  /** The resource asked for, normalised. */
  readonly resource: string;
  readonly userAgent: string;
  readonly protocol: EndpointTokenRequest['protocol'];
}

export interface TerminalTokenBrokerOptions {
  readonly service: Pick<AccountServiceContract, 'getToken' | 'getAccount' | 'getDefaultAccount' | 'peekToken'>;
  /** The allow-list setting's current value (read on each request; cheap). */
  readonly allowList: () => readonly string[];
  /** Asks the person; undefined (dismissed) counts as deny. */
  readonly ask: (question: ConsentQuestion) => Promise<ConsentAnswer | undefined>;
  /** Remembers an "always" answer (the extension adds the resource to the allow-list setting). */
  readonly rememberAllowed: (resource: string) => Promise<void>;
}

export const terminalMessages = {
  notSignedIn:
    'No account is signed in to Azure Identity in VS Code. Sign in from the Accounts menu ("Azure Identity: Sign In"), then run this again: terminals that are already open work without a restart.',
  boundAccountGone: (accountId: string) =>
    `The account this terminal was opened for (${accountId}) is no longer signed in to Azure Identity in VS Code. Sign in again, or open a new terminal with "Azure Identity: New Terminal for Account…".`,
  denied: (resource: string) =>
    `A token for ${resource} was refused in VS Code, and this program is not asked again in this window. To allow it, add ${resource} to the setting azureIdentity.terminal.allowedResources, or reload the window to be asked again.`,
} as const;

/** Errors the AccountService uses for "sign in first" (matched by name: errors cross bundle boundaries). */
const NOT_SIGNED_IN_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationRequiredError', 'NotSignedInError', 'AccountNotFoundError']);

export class TerminalTokenBroker {
  private allowListSource: readonly string[] | undefined;
  private allowListCloud: CloudName | undefined;
  private allowed: ReadonlySet<string> = new Set();
  /** Prompts in flight, so a burst of requests for one resource asks once. */
  private readonly pending = new Map<string, Promise<ConsentAnswer>>();
  /** Denied for this window's life: an SDK that retries must not ask the person again and again. */
  private readonly denied = new Set<string>();

  constructor(private readonly options: TerminalTokenBrokerOptions) {}

  getToken(request: EndpointTokenRequest): EndpointToken | Promise<EndpointToken> {
    const { binding } = request;
    const { service } = this.options;
    // The hot path: a cached token for a resource on the allow-list, at once (the service logs the hand-out).
    const hot = service.peekToken?.(
      binding.accountId,
      { scopes: request.scopes, tenantId: request.tenantId, consumer: { kind: 'terminal', userAgent: request.userAgent, protocol: request.protocol } },
      (account) => this.allAllowed(account, request.scopes),
    );
    if (hot !== undefined) return hot;
    const account = binding.accountId !== undefined ? service.getAccount(binding.accountId) : service.getDefaultAccount();
    return account.then((found) => {
      if (!found) throw new EndpointTokenError('notSignedIn', binding.accountId !== undefined ? terminalMessages.boundAccountGone(binding.accountId) : terminalMessages.notSignedIn);
      // The hot path (every scope on the allow-list) makes no promise of its own beyond the service's.
      const asking = this.authorizeAll(found, request);
      return asking ? asking.then(() => this.fetch(found, request)) : this.fetch(found, request);
    });
  }

  private fetch(account: Account, request: EndpointTokenRequest): Promise<EndpointToken> {
    return this.options.service
      .getToken(account.id, {
        scopes: request.scopes,
        tenantId: request.tenantId,
        consumer: { kind: 'terminal', userAgent: request.userAgent, protocol: request.protocol },
      })
      .then(undefined, (error: unknown) => {
        const name = (error as { name?: unknown } | undefined)?.name;
        const message = error instanceof Error ? error.message : String(error);
        throw new EndpointTokenError(typeof name === 'string' && NOT_SIGNED_IN_ERRORS.has(name) ? 'notSignedIn' : 'failed', message, { cause: error });
      });
  }

  /** Undefined when every scope is allowed; otherwise the person's answers, in turn. */
  private authorizeAll(account: Account, request: EndpointTokenRequest): Promise<void> | undefined {
    let asking: Promise<void> | undefined;
    for (const scope of request.scopes) {
      const resource = cachedScopeResource(scope);
      if (this.isAllowed(account, resource)) continue;
      asking = asking ? asking.then(() => this.authorize(account, resource, request)) : this.authorize(account, resource, request);
    }
    return asking;
  }

  private allAllowed(account: Account, scopes: readonly string[]): boolean {
    for (const scope of scopes) if (!this.isAllowed(account, cachedScopeResource(scope))) return false;
    return true;
  }

  /** True when `resource` is served to this account without asking. */
  isAllowed(account: Account, resource: string): boolean {
    const source = this.options.allowList();
    if (source !== this.allowListSource || account.cloud !== this.allowListCloud) {
      this.allowListSource = source;
      this.allowListCloud = account.cloud;
      this.allowed = allowedResourcesFor(account.cloud, source);
    }
    return this.allowed.has('*') || this.allowed.has(resource);
  }

  private async authorize(account: Account, resource: string, request: EndpointTokenRequest): Promise<void> {
    const key = `${account.id}\n${resource}\n${request.userAgent}`;
    if (this.denied.has(key)) throw new EndpointTokenError('denied', terminalMessages.denied(resource));
    let answer = this.pending.get(key);
    if (!answer) {
      answer = this.options
        .ask({ account, resource, userAgent: request.userAgent, protocol: request.protocol })
        .then((given) => given ?? 'deny', () => 'deny' as const)
        .finally(() => this.pending.delete(key));
      this.pending.set(key, answer);
    }
    const given = await answer;
    if (given === 'deny') {
      this.denied.add(key);
      throw new EndpointTokenError('denied', terminalMessages.denied(resource));
    }
    if (given === 'always') await this.options.rememberAllowed(resource);
  }
}

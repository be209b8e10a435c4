// Wires the token endpoint into this window's integrated terminals: every terminal gets the endpoint through the
// (persistent) environment variable collection, with a port and secret kept across reloads; the port is kept
// out of the Ports view; requests outside the allow-list ask the person; "New Terminal for Account…" opens a
// terminal bound to one account and tenant. The logic lives in plain modules beside this file.
import * as vscode from 'vscode';
import type { Account, AccountServiceContract } from '../accounts/accountServiceContract';
import type { Logger } from '../log/logger';
import { endpointStateKey, readEndpointState, writeEndpointState } from './endpointState';
import { DEFAULT_ALLOWED_RESOURCES, TerminalTokenBroker, type ConsentAnswer, type ConsentQuestion } from './terminalTokenBroker';
import { URL_VARIABLES, accountTerminalVariables, endpointVariables, type EndpointVariable } from './terminalVariables';
import { rebindRememberedPort } from './rebind';
import { startTokenEndpoint, type EndpointRequestEvent, type RunningTokenEndpoint } from './tokenEndpointServer';

export const NEW_TERMINAL_FOR_ACCOUNT_COMMAND = 'azureIdentity.terminal.newTerminalForAccount';
const SETTING_SECTION = 'azureIdentity';
const ENABLED_SETTING = 'terminal.tokenEndpoint';
const ALLOWED_SETTING = 'terminal.allowedResources';

/** What "New Terminal for Account…" may be given instead of asking (tests and other commands pass it). */
export interface NewTerminalArguments {
  readonly accountId?: string;
  readonly tenantId?: string;
}

/** The proposed portsAttributes API (feature-detected: absent or refused where the proposal is not enabled). */
interface PortsAttributesApi {
  registerPortAttributesProvider(
    selector: { portRange?: [number, number] },
    provider: { providePortAttributes(attributes: { port: number }, token: vscode.CancellationToken): { autoForwardAction: number } | undefined },
  ): vscode.Disposable;
}
/** vscode.PortAutoForwardAction.Ignore. */
const PORT_AUTO_FORWARD_IGNORE = 5;

function workspaceUri(): string | undefined {
  return (vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.toString();
}

/** What the terminal needs of the AccountService. */
export type TerminalAccountSource = Pick<AccountServiceContract, 'getToken' | 'getAccount' | 'getDefaultAccount' | 'getAccounts' | 'getTenants' | 'peekToken'>;

export class TerminalIntegration implements vscode.Disposable {
  private endpoint: RunningTokenEndpoint | undefined;
  private starting: Promise<void> | undefined;
  private portAttributes: vscode.Disposable | undefined;
  private allowList: readonly string[] = DEFAULT_ALLOWED_RESOURCES;
  private readonly broker: TerminalTokenBroker;
  /** Account terminals and their ids, forgotten when the terminal closes. */
  private readonly terminalIds = new Map<vscode.Terminal, string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly stateKey = endpointStateKey(workspaceUri());

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly service: TerminalAccountSource,
    private readonly logger: Logger,
  ) {
    this.readAllowList();
    this.broker = new TerminalTokenBroker({
      service,
      allowList: () => this.allowList,
      ask: (question) => this.ask(question),
      rememberAllowed: (resource) => this.rememberAllowed(resource),
    });
    const collection = context.environmentVariableCollection;
    // Kept with the workspace: terminals restored after a reload start with the same variables, and the
    // endpoint comes back on the same port with the same secret.
    collection.persistent = true;
    collection.description = new vscode.MarkdownString(
      vscode.l10n.t('Azure Identity: tokens for your VS Code account for Azure SDKs and CLIs (IDENTITY_ENDPOINT, MSI_ENDPOINT, AZD_AUTH_ENDPOINT).'),
    );
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTING_SECTION}.${ALLOWED_SETTING}`)) this.readAllowList();
        if (event.affectsConfiguration(`${SETTING_SECTION}.${ENABLED_SETTING}`)) void this.applyEnabledSetting();
      }),
      vscode.window.onDidCloseTerminal((terminal) => {
        const id = this.terminalIds.get(terminal);
        if (id === undefined) return;
        this.terminalIds.delete(terminal);
        this.endpoint?.removeTerminal(id);
      }),
      vscode.commands.registerCommand(NEW_TERMINAL_FOR_ACCOUNT_COMMAND, (args?: NewTerminalArguments) => this.newTerminalForAccount(args)),
    );
  }

  /** Starts the endpoint when the setting allows it. Resolves when it listens (or failed, logged). */
  async applyEnabledSetting(): Promise<void> {
    if (this.enabled()) await this.start();
    else await this.stop({ forget: true });
  }

  /** The running endpoint (for tests and the report). */
  get running(): RunningTokenEndpoint | undefined {
    return this.endpoint;
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration(SETTING_SECTION).get<boolean>(ENABLED_SETTING, true) !== false;
  }

  private readAllowList(): void {
    const value = vscode.workspace.getConfiguration(SETTING_SECTION).get<unknown>(ALLOWED_SETTING, DEFAULT_ALLOWED_RESOURCES);
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
      this.allowList = value as string[];
    } else {
      this.logger.warn(`Setting ${SETTING_SECTION}.${ALLOWED_SETTING} must be a list of resources; using the default (${DEFAULT_ALLOWED_RESOURCES.join(', ')}).`);
      this.allowList = DEFAULT_ALLOWED_RESOURCES;
    }
  }

  private start(): Promise<void> {
    if (this.endpoint) return Promise.resolve();
    this.starting ??= this.listen().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async listen(): Promise<void> {
    const options = {
      getToken: this.broker.getToken.bind(this.broker),
      onRequest: (event: EndpointRequestEvent) => this.logRequest(event),
    };
    try {
      const stored = await readEndpointState(this.context.secrets, this.stateKey);
      let endpoint: RunningTokenEndpoint | undefined;
      let secret: string | undefined;
      if (stored) {
        // The previous window's endpoint may still hold the port while its extension host shuts down: wait for
        // it (it is ours: its answers say so); another program on the port: move on.
        const rebound = await rebindRememberedPort({ listen: () => startTokenEndpoint({ ...options, port: stored.port }), port: stored.port });
        if (rebound.endpoint) {
          endpoint = rebound.endpoint;
          endpoint.restoreSecret(stored.secret, {});
          secret = stored.secret;
          if (rebound.waitedForPrevious) this.logger.info(`[terminal] waited for the previous window to release port ${stored.port}`);
        } else if (rebound.reason === 'takenByAnotherProgram') {
          this.logger.warn(`[terminal] port ${stored.port} is taken by another program; the endpoint moves to a new port and secret (VS Code offers to relaunch open terminals).`);
        } else {
          this.logger.warn(`[terminal] the previous window still holds port ${stored.port}; the endpoint moves to a new port and secret (VS Code offers to relaunch open terminals).`);
        }
      }
      if (!endpoint || secret === undefined) {
        // A new port gets a new secret: whatever now listens on the old port must not learn a valid one.
        endpoint = await startTokenEndpoint(options);
        secret = endpoint.addSecret({});
        await writeEndpointState(this.context.secrets, this.stateKey, { port: endpoint.port, secret });
      }
      if (!this.enabled()) {
        await endpoint.close();
        return;
      }
      this.endpoint = endpoint;
      const collection = this.context.environmentVariableCollection;
      for (const [name, value] of Object.entries(endpointVariables(endpoint.urls, secret)) as Array<[EndpointVariable, string]>) {
        // URLs are prepended (an account terminal appends its id); where VS Code's own environment already has
        // the variable (VS Code running in App Service, say), ours must replace it.
        if (URL_VARIABLES.has(name) && !this.inheritedUrlVariable()) collection.prepend(name, value);
        else collection.replace(name, value);
      }
      this.ignorePort(endpoint.port);
      this.logger.info(`[terminal] token endpoint listening on 127.0.0.1:${endpoint.port} for this window's terminals`);
    } catch (error) {
      this.logger.error(`[terminal] the token endpoint could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async stop({ forget }: { forget: boolean }): Promise<void> {
    await this.starting;
    const endpoint = this.endpoint;
    this.endpoint = undefined;
    this.portAttributes?.dispose();
    this.portAttributes = undefined;
    if (forget) {
      this.context.environmentVariableCollection.clear();
      await this.context.secrets.delete(this.stateKey);
    }
    await endpoint?.close();
  }

  /** A URL variable terminals inherit from VS Code's environment (then account terminals cannot extend ours). */
  private inheritedUrlVariable(): string | undefined {
    return [...URL_VARIABLES].find((name) => process.env[name]);
  }

  /** Keeps the port out of the Ports view and auto-forwarding (proposed API; without it, only logged). */
  private ignorePort(port: number): void {
    this.portAttributes?.dispose();
    this.portAttributes = undefined;
    const workspace = vscode.workspace as unknown as Partial<PortsAttributesApi>;
    try {
      if (typeof workspace.registerPortAttributesProvider !== 'function') throw new Error('not in this VS Code');
      this.portAttributes = workspace.registerPortAttributesProvider(
        { portRange: [port, port + 1] },
        { providePortAttributes: (attributes) => (attributes.port === port ? { autoForwardAction: PORT_AUTO_FORWARD_IGNORE } : undefined) },
      );
    } catch (error) {
      this.logger.debug(`[terminal] cannot mark port ${port} as not forwarded (portsAttributes API: ${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private logRequest(event: EndpointRequestEvent): void {
    // A token handed out is logged by the account service (one line per hand-out); this debug line repeats it
    // with the protocol, so it is built only when someone reads debug lines.
    if (event.status === 200 && event.reason === undefined && this.logger.logLevel > vscode.LogLevel.Debug) return;
    const what = `${event.protocol ?? 'unknown protocol'} ${event.scopes?.join(' ') ?? '(no scope)'} for ${event.userAgent}`;
    if (event.status === 200 && event.reason === undefined) this.logger.debug(`[terminal] token ${what}`);
    else this.logger.warn(`[terminal] ${event.status} ${what}: ${event.reason ?? ''}`);
  }

  private async ask(question: ConsentQuestion): Promise<ConsentAnswer | undefined> {
    const allowOnce = vscode.l10n.t('Allow Once');
    const always = vscode.l10n.t('Always Allow');
    const deny = vscode.l10n.t('Deny');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('A program in the terminal asks for a token for {0} as {1}.', question.resource, question.account.label),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Program: {0}\nAllow it only if you started it. "Always Allow" adds {1} to the setting azureIdentity.terminal.allowedResources.',
          question.userAgent,
          question.resource,
        ),
      },
      allowOnce,
      always,
      deny,
    );
    return choice === allowOnce ? 'once' : choice === always ? 'always' : choice === deny ? 'deny' : undefined;
  }

  private async rememberAllowed(resource: string): Promise<void> {
    const configuration = vscode.workspace.getConfiguration(SETTING_SECTION);
    const current = configuration.get<string[]>(ALLOWED_SETTING, [...DEFAULT_ALLOWED_RESOURCES]);
    if (current.includes(resource)) return;
    await configuration.update(ALLOWED_SETTING, [...current, resource], vscode.ConfigurationTarget.Global);
    this.allowList = [...current, resource];
  }

  /** "New Terminal for Account…": a terminal whose endpoint URLs carry an id bound to the chosen account and tenant. */
  async newTerminalForAccount(args: NewTerminalArguments = {}): Promise<vscode.Terminal | undefined> {
    if (!this.enabled()) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The terminal token endpoint is turned off (setting azureIdentity.terminal.tokenEndpoint).'));
      return undefined;
    }
    await this.start();
    const endpoint = this.endpoint;
    if (!endpoint) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The terminal token endpoint could not start: see the Azure Identity output.'));
      return undefined;
    }
    const account = args.accountId !== undefined ? await this.service.getAccount(args.accountId) : await this.pickAccount();
    if (!account) return undefined;
    const tenantId = args.tenantId ?? (args.accountId !== undefined ? account.homeTenantId : await this.pickTenant(account));
    if (tenantId === undefined) return undefined;

    const inherited = this.inheritedUrlVariable();
    if (inherited) {
      void vscode.window.showErrorMessage(vscode.l10n.t('VS Code itself runs with {0} set, so a terminal cannot be bound to another account. Terminals use the default account.', inherited));
      return undefined;
    }
    const terminalId = endpoint.addTerminal({ accountId: account.id, tenantId });
    const tenantLabel = tenantId === account.homeTenantId ? '' : ` (${tenantId})`;
    const terminal = vscode.window.createTerminal({
      name: vscode.l10n.t('Azure: {0}{1}', account.label, tenantLabel),
      iconPath: new vscode.ThemeIcon('azure'),
      env: accountTerminalVariables(terminalId),
    });
    this.terminalIds.set(terminal, terminalId);
    terminal.show();
    this.logger.info(`[terminal] opened a terminal for ${account.label}, tenant ${tenantId}`);
    return terminal;
  }

  private async pickAccount(): Promise<Account | undefined> {
    const [accounts, defaultAccount] = await Promise.all([this.service.getAccounts(), this.service.getDefaultAccount()]);
    if (accounts.length === 0) {
      const signIn = vscode.l10n.t('Sign In');
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('No account is signed in to Azure Identity.'), signIn);
      if (choice === signIn) await vscode.commands.executeCommand('azureIdentity.signIn');
      return undefined;
    }
    if (accounts.length === 1) return accounts[0];
    const picked = await vscode.window.showQuickPick(
      accounts.map((account) => ({
        label: account.label,
        description: account.id === defaultAccount?.id ? vscode.l10n.t('default') : undefined,
        detail: account.cloud,
        account,
      })),
      { title: vscode.l10n.t('New Terminal for Account'), placeHolder: vscode.l10n.t('Which account should programs in the terminal use?') },
    );
    return picked?.account;
  }

  private async pickTenant(account: Account): Promise<string | undefined> {
    let tenants: Awaited<ReturnType<AccountServiceContract['getTenants']>> = [];
    try {
      tenants = await this.service.getTenants(account.id);
    } catch (error) {
      this.logger.warn(`[terminal] tenants of ${account.label} unknown: ${error instanceof Error ? error.message : String(error)}`);
    }
    const others = tenants.filter((t) => t.tenantId !== account.homeTenantId);
    if (others.length === 0) return account.homeTenantId;
    const home = tenants.find((t) => t.tenantId === account.homeTenantId);
    const items = [
      { label: home?.displayName ?? account.homeTenantId, description: vscode.l10n.t('home tenant'), tenantId: account.homeTenantId },
      ...others.map((t) => ({
        label: t.displayName ?? t.tenantId,
        description: t.defaultDomain,
        detail: t.state === 'signInRequired' ? vscode.l10n.t('Needs a sign-in: {0}', t.reason ?? '') : undefined,
        tenantId: t.tenantId,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('New Terminal for {0}', account.label), placeHolder: vscode.l10n.t('Which tenant?') });
    return picked?.tenantId;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    // Not forgotten: the next window of this workspace re-binds the same port and secret for restored terminals.
    void this.stop({ forget: false });
  }
}

/** Builds the terminal integration and starts the endpoint in the background (activation does not wait). */
export function registerTerminalIntegration(context: vscode.ExtensionContext, service: TerminalAccountSource, logger: Logger): TerminalIntegration {
  const integration = new TerminalIntegration(context, service, logger);
  // Started just after activate() returns (its state reads and port binding are no part of what the host
  // waits for). Terminals restored or opened before activation already carry the endpoint's variables in the
  // persistent collection, and the endpoint comes back on the same port with the same secret.
  const start = setImmediate(() => void integration.applyEnabledSetting());
  context.subscriptions.push(new vscode.Disposable(() => clearImmediate(start)));
  return integration;
}

// Which extensions the person allowed to use which account through the exported API: asked once per extension
// and account, remembered in the extension's global state (shared by every window of the profile, read afresh on
// each check so a revocation in one window holds in all), revocable. Plain TS: the question itself is a function
// given in (a modal in VS Code, an answer in tests).
import { AzureIdentityApiError } from './errors';

/** vscode.Memento's shape (ExtensionContext.globalState). */
export interface AccessMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface ConsentQuestion {
  readonly extensionId: string;
  /** The extension's display name, as the person knows it ("Docker"). */
  readonly extensionName: string;
  readonly accountId: string;
  readonly accountLabel: string;
  /** The resource of the request that needs the answer ("Azure Resource Manager"). */
  readonly resourceName: string;
}

/** `dismiss`: the question was closed without an answer (Escape, or a window that cannot show dialogs). */
export type ConsentAnswer = 'allow' | 'deny' | 'dismiss';

export interface ExtensionGrant {
  readonly extensionId: string;
  readonly accountId: string;
  /** The account's label when access was given, for the list when the account is signed out. */
  readonly accountLabel: string;
  /** ms since the epoch. */
  readonly grantedAt: number;
  readonly lastUsedAt?: number;
  /** Names of the resources tokens were handed out for, most recent last (at most MAX_RESOURCES). */
  readonly resources: readonly string[];
}

export const EXTENSION_ACCESS_KEY = 'azureIdentity.extensionAccess';
const STORE_VERSION = 1;
const MAX_RESOURCES = 10;
/** A use is written back at most this often per grant (every hand-out would be a storage write otherwise). */
const USE_WRITE_INTERVAL_MS = 60_000;
const EXTENSION_ID_PATTERN = /^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-._]*$/i;

interface StoredAccess {
  readonly version: number;
  readonly grants: readonly ExtensionGrant[];
}

export function isExtensionId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 256 && EXTENSION_ID_PATTERN.test(value);
}

function isGrant(value: unknown): value is ExtensionGrant {
  if (typeof value !== 'object' || value === null) return false;
  const g = value as Record<string, unknown>;
  return (
    isExtensionId(g.extensionId) &&
    typeof g.accountId === 'string' &&
    typeof g.accountLabel === 'string' &&
    typeof g.grantedAt === 'number' &&
    (g.lastUsedAt === undefined || typeof g.lastUsedAt === 'number') &&
    Array.isArray(g.resources) &&
    g.resources.every((r) => typeof r === 'string')
  );
}

const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export interface ExtensionAccessOptions {
  readonly memento: AccessMemento;
  readonly ask: (question: ConsentQuestion) => Promise<ConsentAnswer>;
  readonly now?: () => number;
  /** Told about a stored value that is not a list of grants (it is then ignored, and replaced on the next write). */
  readonly warn?: (message: string) => void;
}

export class ExtensionAccess {
  private readonly memento: AccessMemento;
  private readonly ask: (question: ConsentQuestion) => Promise<ConsentAnswer>;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  /** "Don't allow" answers of this window: not asked again until the window reloads or access is managed. */
  private readonly deniedThisWindow = new Map<string, ConsentQuestion>();
  /** One question per extension and account at a time; concurrent requests share its answer. */
  private readonly asking = new Map<string, Promise<void>>();
  private readonly listeners = new Set<() => void>();
  private warnedCorrupt = false;

  constructor(options: ExtensionAccessOptions) {
    this.memento = options.memento;
    this.ask = options.ask;
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? (() => undefined);
  }

  /** Fires when a grant is added or revoked (here; other windows' changes are seen on the next read). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  grants(filter?: { readonly accountId?: string; readonly extensionId?: string }): readonly ExtensionGrant[] {
    return this.read().filter(
      (g) => (filter?.accountId === undefined || g.accountId === filter.accountId) && (filter?.extensionId === undefined || sameId(g.extensionId, filter.extensionId)),
    );
  }

  /** The "Don't allow" answers of this window (not remembered across reloads), for "Manage Extension Access". */
  denials(): readonly ConsentQuestion[] {
    return [...this.deniedThisWindow.values()];
  }

  isAllowed(extensionId: string, accountId: string): boolean {
    return this.read().some((g) => sameId(g.extensionId, extensionId) && g.accountId === accountId);
  }

  /**
   * Resolves when the extension may use the account: at once when allowed before, otherwise after the person
   * said "Allow". Rejects with AzureIdentityError `ConsentRequired` (silent) or `ConsentDenied`.
   */
  async ensureAllowed(question: ConsentQuestion, options?: { readonly silent?: boolean }): Promise<void> {
    if (this.isAllowed(question.extensionId, question.accountId)) return;
    const key = grantKey(question.extensionId, question.accountId);
    if (this.deniedThisWindow.has(key)) throw denied(question);
    if (options?.silent) {
      throw new AzureIdentityApiError(
        'ConsentRequired',
        `'${question.extensionName}' has not been allowed to use the Azure Identity account ${question.accountLabel}. Call again without "silent" to ask the person.`,
      );
    }
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.askOnce(question).finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    return pending;
  }

  private async askOnce(question: ConsentQuestion): Promise<void> {
    let answer: ConsentAnswer;
    try {
      answer = await this.ask(question);
    } catch {
      answer = 'dismiss';
    }
    if (answer === 'allow') {
      await this.allow(question.extensionId, question.accountId, question.accountLabel);
      return;
    }
    if (answer === 'deny') this.deniedThisWindow.set(grantKey(question.extensionId, question.accountId), question);
    throw denied(question);
  }

  /** Gives access without asking (the person chose it in "Manage Extension Access"). */
  async allow(extensionId: string, accountId: string, accountLabel: string): Promise<void> {
    if (!isExtensionId(extensionId)) throw new AzureIdentityApiError('InvalidRequest', `"${String(extensionId).slice(0, 100)}" is not an extension id (publisher.name).`);
    this.deniedThisWindow.delete(grantKey(extensionId, accountId));
    if (this.isAllowed(extensionId, accountId)) return;
    await this.write([...this.read(), { extensionId, accountId, accountLabel, grantedAt: this.now(), resources: [] }]);
    this.fire();
  }

  /** Takes access back: of one extension to one account, or to every account when `accountId` is omitted. */
  async revoke(extensionId: string, accountId?: string): Promise<number> {
    const all = this.read();
    const kept = all.filter((g) => !(sameId(g.extensionId, extensionId) && (accountId === undefined || g.accountId === accountId)));
    for (const g of all) if (!kept.includes(g)) this.deniedThisWindow.delete(grantKey(g.extensionId, g.accountId));
    if (kept.length === all.length) return 0;
    await this.write(kept);
    this.fire();
    return all.length - kept.length;
  }

  /** Notes that a token went to the extension (last use, resource); written at most once a minute per grant. */
  async recordUse(extensionId: string, accountId: string, resourceName: string): Promise<void> {
    const all = this.read();
    const index = all.findIndex((g) => sameId(g.extensionId, extensionId) && g.accountId === accountId);
    if (index < 0) return;
    const grant = all[index];
    const now = this.now();
    const knownResource = grant.resources.includes(resourceName);
    if (knownResource && grant.lastUsedAt !== undefined && now - grant.lastUsedAt < USE_WRITE_INTERVAL_MS) return;
    const resources = [...grant.resources.filter((r) => r !== resourceName), resourceName].slice(-MAX_RESOURCES);
    const updated = [...all];
    updated[index] = { ...grant, lastUsedAt: now, resources };
    await this.write(updated);
  }

  private read(): ExtensionGrant[] {
    const stored = this.memento.get<unknown>(EXTENSION_ACCESS_KEY);
    if (stored === undefined) return [];
    const grants = (stored as Partial<StoredAccess> | null)?.grants;
    if (!Array.isArray(grants)) {
      this.warnCorrupt('is not a list of grants');
      return [];
    }
    const valid = grants.filter(isGrant);
    if (valid.length !== grants.length) this.warnCorrupt(`has ${grants.length - valid.length} unreadable entries`);
    return valid;
  }

  private warnCorrupt(what: string): void {
    if (this.warnedCorrupt) return;
    this.warnedCorrupt = true;
    this.warn(`The remembered extension access ${what}; those entries are ignored, and the extensions will be asked again.`);
  }

  private async write(grants: readonly ExtensionGrant[]): Promise<void> {
    const value: StoredAccess = { version: STORE_VERSION, grants };
    await this.memento.update(EXTENSION_ACCESS_KEY, value);
  }

  private fire(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its own.
      }
    }
  }
}

function grantKey(extensionId: string, accountId: string): string {
  return `${extensionId.toLowerCase()}\n${accountId}`;
}

function denied(question: ConsentQuestion): AzureIdentityApiError {
  return new AzureIdentityApiError(
    'ConsentDenied',
    `'${question.extensionName}' was not allowed to use the Azure Identity account ${question.accountLabel}. The person can allow it with "Azure Identity: Manage Extension Access".`,
  );
}

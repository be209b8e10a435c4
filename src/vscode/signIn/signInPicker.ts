// The sign-in list. It opens at once and, together and within a short bound, finds out what can work here
// (the environment's service principal variables, az and pwsh signed in, a managed identity that answers);
// each entry then says its state ("signed in as bob@…", "not signed in: run az login", "not on Azure") and
// the ways that cannot work move to the end — only in the list's first moments, before a person has aimed:
// an entry that moves under the pointer makes a click pick another way to sign in. Browser first in a local
// window, device code first in a remote one. Dismissing the list is a quiet cancel.
import * as vscode from 'vscode';
import { ManagedIdentityCredential } from '../../identity/index';
import type { SignInMethodId } from '../settingsModel';
import { orderForWindow } from './methodOrder';
import { AZURE_CLI_REUSE_MS, probeAzurePowerShell, probeEnvironment, withinBound, type AzureCliAnswer, type Memo, type ProbeResult } from './probes';
import { SIGN_IN_METHOD_DETAILS } from './signInMethods';

/** How long the list waits for the probes before it shows "still checking" for the slow ones. */
export const PROBE_BOUND_MS = 3_000;

/**
 * Entries change places only this soon after the list opens, before a person has read it and aimed; answers
 * that come later change an entry's words, never its place, so a click lands on the entry it aimed at.
 */
export const REORDER_WINDOW_MS = 500;

export interface ProbeContext {
  /** The configured cloud's authority host, read when the list opens. */
  readonly authorityHost: () => string;
  /** The Azure CLI's answer, shared with "Found on this machine": az runs once. */
  readonly azureCli?: Memo<AzureCliAnswer>;
}

let probeContext: ProbeContext | undefined;

/** What the picker's Azure CLI probe answered a moment ago (the Azure CLI sign-in uses it rather than asking again). */
export function recentAzureCliAnswer(): AzureCliAnswer | undefined {
  return probeContext?.azureCli?.peek(AZURE_CLI_REUSE_MS);
}

/** Set once at activation: what the probes need. */
export function setProbeContext(context: ProbeContext): void {
  probeContext = context;
}

async function probeManagedIdentity(authorityHost: string): Promise<ProbeResult> {
  try {
    await new ManagedIdentityCredential({ authorityHost }).getToken('https://management.azure.com/.default', { abortSignal: AbortSignal.timeout(PROBE_BOUND_MS) });
    return { state: 'available', detail: vscode.l10n.t('this machine\'s identity answers') };
  } catch (error) {
    return { state: 'unavailable', detail: error instanceof Error && error.name === 'AbortError' ? vscode.l10n.t('no answer: not on Azure?') : vscode.l10n.t('not on Azure') };
  }
}

function probesFor(methods: readonly SignInMethodId[], context: ProbeContext | undefined): Partial<Record<SignInMethodId, Promise<ProbeResult>>> {
  const probes: Partial<Record<SignInMethodId, Promise<ProbeResult>>> = {};
  for (const method of methods) {
    if (method === 'environment') probes.environment = Promise.resolve(probeEnvironment());
    if (method === 'azureCli') probes.azureCli = context?.azureCli ? context.azureCli.get({ fresh: true }).then((r) => r.result) : Promise.resolve({ state: 'unknown', detail: '' });
    if (method === 'azurePowerShell') probes.azurePowerShell = probeAzurePowerShell(PROBE_BOUND_MS);
    if (method === 'managedIdentity') probes.managedIdentity = probeManagedIdentity(context?.authorityHost() ?? 'https://login.microsoftonline.com');
  }
  return probes;
}

interface MethodItem extends vscode.QuickPickItem {
  readonly id: SignInMethodId;
}

export async function pickSignInMethod(configured: readonly SignInMethodId[]): Promise<SignInMethodId | undefined> {
  const methods = orderForWindow(configured, vscode.env.remoteName);
  if (methods.length === 1) return methods[0];
  const pick = vscode.window.createQuickPick<MethodItem>();
  pick.title = vscode.l10n.t('Sign in with Azure Identity');
  pick.placeholder = vscode.l10n.t('How do you want to sign in?');
  pick.ignoreFocusOut = true;
  const itemsFor = (states: Partial<Record<SignInMethodId, ProbeResult>>, checking: boolean): MethodItem[] => {
    const entries = methods.map((id) => {
      const state = states[id];
      const description = state ? state.detail : checking && id !== 'interactiveBrowser' && id !== 'deviceCode' ? vscode.l10n.t('checking…') : undefined;
      return { id, label: SIGN_IN_METHOD_DETAILS[id].label, detail: SIGN_IN_METHOD_DETAILS[id].detail, description, unavailable: state?.state === 'unavailable' };
    });
    // What can work here first; the rest keeps its place, after, so it can still be chosen.
    return [...entries.filter((e) => !e.unavailable), ...entries.filter((e) => e.unavailable)].map(({ unavailable: _u, ...item }) => item);
  };
  pick.items = itemsFor({}, true);
  pick.busy = true;
  let open = true;
  const chosen = new Promise<SignInMethodId | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.id);
      pick.hide();
    });
    pick.onDidHide(() => {
      open = false;
      resolve(undefined);
    });
  });
  const probes = probesFor(methods, probeContext) as Record<string, Promise<ProbeResult>>;
  const known: Partial<Record<SignInMethodId, ProbeResult>> = {};
  for (const [id, probe] of Object.entries(probes)) probe.then((result) => (known[id as SignInMethodId] = result), () => undefined);
  // Fixed by the first update after the list opened: every later one keeps it.
  let order: readonly SignInMethodId[] | undefined;
  const update = (states: Partial<Record<SignInMethodId, ProbeResult>>, checking: boolean): void => {
    if (!open) return;
    const active = pick.activeItems[0]?.id;
    const ranked = itemsFor(states, checking);
    const items = order ? order.map((id) => ranked.find((item) => item.id === id)).filter((item): item is MethodItem => item !== undefined) : ranked;
    order ??= items.map((item) => item.id);
    pick.items = items;
    const keep = items.find((i) => i.id === active);
    if (keep) pick.activeItems = [keep];
  };
  pick.show();
  void withinBound(probes, REORDER_WINDOW_MS).then(() => update({ ...known }, Object.keys(known).length < Object.keys(probes).length));
  void withinBound(probes, PROBE_BOUND_MS).then((states) => {
    update(states as Partial<Record<SignInMethodId, ProbeResult>>, false);
    if (open) pick.busy = false;
  });
  try {
    return await chosen;
  } finally {
    pick.dispose();
  }
}

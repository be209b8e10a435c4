// How the plain modules of the report and the sign-in probes say things: through `t`, which the VS Code layer
// points at vscode.l10n.t at activation (setLocalize). Until then, and in unit tests, English with the {0}
// placeholders filled in. Plain Node: no `vscode` import.
export type Localize = (message: string, ...args: (string | number | boolean)[]) => string;

export const english: Localize = (message, ...args) => message.replace(/\{(\d+)\}/g, (match, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : match));

let current: Localize = english;

/** Called once at activation with vscode.l10n.t. */
export function setLocalize(localize: Localize): void {
  current = localize;
}

export function t(message: string, ...args: (string | number | boolean)[]): string {
  return current(message, ...args);
}

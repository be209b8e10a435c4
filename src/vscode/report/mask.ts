// Masks what a copied report must not carry: account names, ids (tenant, client, object), the home folder
// in paths, and anything token-shaped. The report itself never holds a secret; the copy is meant for an
// issue or a chat, so names and ids go too.
import * as os from 'node:os';
import { redactSecrets } from '../log/redact';

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;

/** `alice@contoso.com` → `a***@contoso.com`; other names keep their first two characters. */
export function maskName(name: string): string {
  const at = name.indexOf('@');
  if (at > 0) return `${name[0]}***${name.slice(at)}`;
  GUID.lastIndex = 0;
  if (GUID.test(name)) return maskGuids(name);
  return name.length <= 2 ? '***' : `${name.slice(0, 2)}***`;
}

function maskGuids(text: string): string {
  return text.replace(GUID, (guid) => `…${guid.slice(-4)}`);
}

export interface MaskOptions {
  /** Names known to be accounts or identities (masked wherever they appear). */
  readonly names?: readonly string[];
  readonly homeDirectory?: string;
}

export function maskText(text: string, options: MaskOptions = {}): string {
  let result = redactSecrets(text);
  const names = [...(options.names ?? [])].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
  for (const name of names) result = result.split(name).join(maskName(name));
  result = result.replace(EMAIL, (email) => (email.includes('***') ? email : maskName(email)));
  result = maskGuids(result);
  const home = options.homeDirectory ?? os.homedir();
  if (home && home !== '/') result = result.split(home).join('~');
  return result;
}

// Every secret value the emulator issued (tokens it signed, refresh tokens) or was told (client secrets,
// passwords, assertions sent to it) in this process's life. Kept across reset() on purpose: `npm test` asks
// for the list at the end (GET /_emulator/issued-secrets) and fails if any of them appears in what the tests printed.
// Test-only data: never print it.

/** Shorter values (e.g. "x") would match by chance in any log; no real secret of ours is that short. */
const MIN_LENGTH = 8;
/** Bounds memory in a long `npm start` session or a benchmark; the oldest are dropped first. */
const MAX_VALUES = 200_000;

const values = new Set<string>();

export function rememberSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < MIN_LENGTH) return;
  values.add(value);
  if (values.size > MAX_VALUES) values.delete(values.values().next().value as string);
}

/** Form fields a client sends that carry a secret. */
const SECRET_FIELDS = ['client_secret', 'client_assertion', 'password', 'refresh_token', 'assertion'];

export function rememberSecretFields(form: Record<string, string> | undefined): void {
  if (!form) return;
  for (const field of SECRET_FIELDS) rememberSecret(form[field]);
}

export function issuedSecrets(): string[] {
  return [...values];
}

// The last guard before a line reaches the output channel: anything shaped like a token is replaced. The
// library and our own code never hand the channel a secret; this catches a mistake before a person sees it.

const REDACTED = '<redacted>';

const PATTERNS: readonly RegExp[] = [
  // A JWT: access, id and assertion tokens (three base64url segments, the first a JSON header).
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  // An Authorization header or a bearer value echoed back.
  /(?<=\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  // Form or query parameters that carry secrets: refresh_token=…, client_secret=…, password=…, assertion=…
  /(?<=\b(?:access_token|refresh_token|id_token|client_secret|client_assertion|password|assertion)=)[^&\s"']+/gi,
  // JSON properties that carry secrets.
  /(?<="(?:access_?token|refresh_?token|id_?token|client_?secret|password|secret|token)"\s*:\s*")(?:[^"\\]|\\.)+(?=")/gi,
];

/** `text` with every token-shaped value replaced by <redacted>. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const pattern of PATTERNS) result = result.replace(pattern, REDACTED);
  return result;
}

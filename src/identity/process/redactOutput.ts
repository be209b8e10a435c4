// Makes a developer tool's output safe to show: anything that looks like a token is replaced, and the text
// is cut to a readable length. Used before any CLI output reaches an error message or a log line.

const REDACTED = '<redacted>';
const MAX_SHOWN_CHARS = 600;

const PATTERNS: readonly RegExp[] = [
  // JSON properties that hold tokens or secrets, in any casing: "accessToken": "...", "Token": "...", "access_token": "..."
  /("(?:access_?token|refresh_?token|id_?token|token|secret|password|client_?secret)"\s*:\s*")(?:[^"\\]|\\.)*(")/gi,
  // A JWT (three base64url segments, the first a JSON header).
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  // The Python PowerShell credential's marker line: azsdk%<token>%<expiry>.
  /(azsdk%)[^%\s]+(%)/g,
  // A bearer header echoed back.
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}()/gi,
];

/** `text` with every token-looking value replaced and trimmed to a few hundred characters. */
export function redactOutput(text: string): string {
  let result = text;
  for (const pattern of PATTERNS) {
    // Patterns with two groups keep their surroundings (`"accessToken": "` ... `"`); the others vanish whole.
    // Without groups the callback's second argument is the match offset, a number.
    result = result.replace(pattern, (_match: string, prefix: unknown, suffix: unknown) =>
      typeof prefix === 'string' && typeof suffix === 'string' ? `${prefix}${REDACTED}${suffix}` : REDACTED,
    );
  }
  result = result.replace(/\u001b\[[0-9;]*m/g, '').trim();
  return result.length > MAX_SHOWN_CHARS ? `${result.slice(0, MAX_SHOWN_CHARS)}...` : result;
}

// The one code that stands for a failure, for telemetry and the report: Entra's AADSTS number when the
// authority gave one, else the error's name. Never the message, which can hold names, ids and paths.

const AADSTS = /\bAADSTS(\d{4,8})\b/;
/** Names we know are ours or Node's; anything else becomes `Error` so no free text can slip through. */
const KNOWN_NAME = /^(?:[A-Z][A-Za-z]{2,60}Error|AbortError|CancellationError|Canceled)$/;

export function failureCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const response = (error as { errorResponse?: { errorCodes?: unknown; errorDescription?: unknown } }).errorResponse;
    const codes = response?.errorCodes;
    if (Array.isArray(codes) && typeof codes[0] === 'number') return `AADSTS${codes[0]}`;
    for (const text of [response?.errorDescription, (error as { message?: unknown }).message]) {
      const match = typeof text === 'string' ? AADSTS.exec(text) : null;
      if (match) return `AADSTS${match[1]}`;
    }
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && KNOWN_NAME.test(name)) return name;
  }
  return 'Error';
}

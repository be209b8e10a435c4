// Reads HTTP authentication challenges (RFC 7235 `WWW-Authenticate`) the way a resource protected by Microsoft
// Entra ID sends them: a Bearer challenge with `claims` (base64 or raw JSON) for conditional access, MFA
// step-up and continuous access evaluation (`error="insufficient_claims"`), `scope`, and an MCP server's
// `resource_metadata`. Plain TypeScript: VS Code hands the provider challenges it parsed itself
// (AuthenticationConstraint); parseWwwAuthenticate serves tests and callers holding the raw header.

/** One challenge, shaped like the proposed vscode.AuthenticationChallenge. */
export interface AuthenticationChallenge {
  readonly scheme: string;
  readonly params: Record<string, string>;
}

/** A challenge the provider cannot act on; the message says what was wrong with it. */
export class ChallengeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChallengeError';
  }
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/**
 * Parses a WWW-Authenticate value into its challenges: `Bearer realm="", error="insufficient_claims", claims="…"`,
 * several challenges separated by commas, quoted strings with backslash escapes, token68 (`Basic abc==`).
 * Parameter names are lower-cased; a malformed value throws ChallengeError.
 */
export function parseWwwAuthenticate(header: string): AuthenticationChallenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && TOKEN.test(header[i])) i++;
    return header.slice(start, i);
  };
  /** An unquoted value: up to the next comma or space (lenient: URLs are often sent unquoted). */
  const readBare = (): string => {
    const start = i;
    while (i < n && header[i] !== ',' && header[i] !== ' ' && header[i] !== '\t') i++;
    return header.slice(start, i);
  };
  const readQuoted = (): string => {
    i++; // opening quote
    let value = '';
    while (i < n && header[i] !== '"') {
      if (header[i] === '\\' && i + 1 < n) i++;
      value += header[i++];
    }
    if (i >= n) throw new ChallengeError('A quoted value in the WWW-Authenticate header is not closed.');
    i++; // closing quote
    return value;
  };

  while (i < n) {
    skipSpace();
    if (header[i] === ',') {
      i++;
      continue;
    }
    if (i >= n) break;
    const scheme = readToken();
    if (!scheme) throw new ChallengeError(`The WWW-Authenticate header has "${header[i]}" where an authentication scheme was expected.`);
    const current = { scheme, params: {} as Record<string, string> };
    challenges.push(current);
    skipSpace();
    // token68 (`Basic YWxh==`, `Negotiate abc`): right after the scheme, a value that is no `name=value`.
    const token68 = /^[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(,|$))/.exec(header.slice(i));
    if (token68 && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*=[ \t]*[^=\s,]/.test(header.slice(i))) {
      current.params[''] = token68[0];
      i += token68[0].length;
      continue;
    }
    // Parameters until the next challenge: `name=value` pairs separated by commas.
    while (i < n) {
      skipSpace();
      if (header[i] === ',') {
        i++;
        continue;
      }
      if (i >= n) break;
      const start = i;
      const name = readToken();
      if (!name) throw new ChallengeError(`The WWW-Authenticate header has "${header[i]}" where a parameter was expected.`);
      skipSpace();
      if (header[i] !== '=') {
        // A bare token after a comma is the scheme of the next challenge.
        i = start;
        break;
      }
      i++; // '='
      skipSpace();
      const value = header[i] === '"' ? readQuoted() : readBare();
      current.params[name.toLowerCase()] = value;
    }
  }
  return challenges;
}

/** What a Bearer challenge asks of the provider. */
export interface BearerChallenge {
  /** Claims to request, as JSON text (decoded from base64 when the resource sent it so). */
  readonly claims: string | undefined;
  /** The scopes the challenge names (`scope` param), if any. */
  readonly scopes: readonly string[] | undefined;
  /** `error`, e.g. insufficient_claims, invalid_token. */
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  /** An MCP server's protected resource metadata URL (RFC 9728 `resource_metadata`). */
  readonly resourceMetadata: string | undefined;
  /** `authorization_uri` (ARM) or `authorization_server`, when given. */
  readonly authorizationUri: string | undefined;
  /** True for continuous access evaluation's revocation challenge: claims that ask for a fresh `nbf`. */
  readonly isRevocation: boolean;
}

/**
 * Decodes a challenge's `claims`: raw JSON, or base64 / base64url of JSON (Entra and ARM send base64).
 * Returns the JSON text; throws ChallengeError when it is neither.
 */
export function decodeClaims(value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new ChallengeError('The challenge has an empty claims value.');
  const asJson = (text: string): string | undefined => {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? text : undefined;
    } catch {
      return undefined;
    }
  };
  if (trimmed.startsWith('{')) {
    const json = asJson(trimmed);
    if (json) return json;
    throw new ChallengeError('The challenge\'s claims look like JSON but do not parse.');
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const json = asJson(Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    if (json) return json;
  }
  throw new ChallengeError('The challenge\'s claims are neither JSON nor base64-encoded JSON.');
}

/** True when claims ask for an access token not before a time: the CAE revocation (and re-auth) challenge. */
export function isRevocationClaims(claims: string): boolean {
  try {
    const parsed = JSON.parse(claims) as { access_token?: Record<string, unknown> };
    return parsed.access_token !== undefined && typeof parsed.access_token === 'object' && 'nbf' in parsed.access_token;
  } catch {
    return false;
  }
}

/**
 * Reads the Bearer challenges among `challenges` (other schemes are ignored). When several are Bearer, the
 * first with claims wins, then the first; parameters the winner lacks are taken from the others. Undefined
 * when no Bearer challenge is there.
 */
export function readBearerChallenge(challenges: readonly AuthenticationChallenge[]): BearerChallenge | undefined {
  const bearers = challenges.filter((c) => c.scheme.toLowerCase() === 'bearer');
  if (bearers.length === 0) return undefined;
  const ordered = [...bearers.filter((c) => lower(c.params).claims), ...bearers.filter((c) => !lower(c.params).claims)];
  const param = (name: string): string | undefined => {
    for (const c of ordered) {
      const value = lower(c.params)[name];
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  };
  const rawClaims = param('claims');
  const claims = rawClaims === undefined ? undefined : decodeClaims(rawClaims);
  const scope = param('scope');
  return {
    claims,
    scopes: scope ? scope.split(/\s+/).filter(Boolean) : undefined,
    error: param('error'),
    errorDescription: param('error_description'),
    resourceMetadata: param('resource_metadata'),
    authorizationUri: param('authorization_uri') ?? param('authorization_server'),
    isRevocation: claims !== undefined && isRevocationClaims(claims),
  };
}

function lower(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) out[key.toLowerCase()] = value;
  return out;
}

/** What the provider does for a challenge constraint: the scopes to ask for and the claims to carry. */
export interface ChallengeRequest {
  readonly scopes: readonly string[];
  readonly claims: string | undefined;
  readonly challenge: BearerChallenge;
}

/**
 * Turns VS Code's AuthenticationConstraint (challenges + fallbackScopes) into a token request: the challenge's
 * `scope`, else the fallback scopes. Throws ChallengeError when there is no Bearer challenge or no scope at all.
 */
export function challengeRequest(challenges: readonly AuthenticationChallenge[], fallbackScopes: readonly string[] | undefined): ChallengeRequest {
  const challenge = readBearerChallenge(challenges);
  if (!challenge) {
    const schemes = challenges.map((c) => c.scheme).join(', ') || 'none';
    throw new ChallengeError(`The WWW-Authenticate value has no Bearer challenge (schemes: ${schemes}); Azure Identity answers only Bearer challenges.`);
  }
  const scopes = challenge.scopes?.length ? challenge.scopes : fallbackScopes?.length ? fallbackScopes : undefined;
  if (!scopes) {
    throw new ChallengeError('The challenge names no scope and no fallbackScopes were given: pass fallbackScopes (e.g. ["https://management.azure.com/.default"]) with wwwAuthenticate.');
  }
  return { scopes, claims: challenge.claims, challenge };
}

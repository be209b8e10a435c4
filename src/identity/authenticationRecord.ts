// AuthenticationRecord: the non-secret account data a user credential needs to find its cached tokens again.
// The JSON is the other Azure Identity libraries' (keys authority, clientId, homeAccountId, tenantId,
// username, version "1.0", in that order), so a record written by one library is read by the others.
import { InvalidArgumentError } from './errors';

const AUTHENTICATION_RECORD_VERSION = '1.0';
/** Larger input is refused before parsing: a record is a few hundred bytes. */
const MAX_SERIALIZED_RECORD_LENGTH = 10 * 1024;

/** The record's fields: @azure/identity's `AuthenticationRecord` interface. */
export interface AuthenticationRecordData {
  /** Host of the authority that issued the tokens, for example `login.microsoftonline.com`. */
  authority: string;
  /** MSAL's home account id (`<oid>.<home tenant id>`). */
  homeAccountId: string;
  clientId: string;
  tenantId: string;
  username: string;
}

const REQUIRED_FIELDS: readonly (keyof AuthenticationRecordData)[] = ['authority', 'clientId', 'homeAccountId', 'tenantId', 'username'];

export class AuthenticationRecord implements AuthenticationRecordData {
  readonly authority: string;
  readonly homeAccountId: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly username: string;

  constructor(data: AuthenticationRecordData) {
    this.authority = data.authority;
    this.homeAccountId = data.homeAccountId;
    this.clientId = data.clientId;
    this.tenantId = data.tenantId;
    this.username = data.username;
  }

  /** The record as the other libraries write it. */
  serialize(): string {
    return serializeAuthenticationRecord(this);
  }

  /** Parses a record written by this or another Azure Identity library. */
  static deserialize(serialized: string): AuthenticationRecord {
    return deserializeAuthenticationRecord(serialized);
  }

  /** JSON.stringify(record) gives the same text as serialize(). */
  toJSON(): Record<string, string> {
    return orderedFields(this);
  }
}

export function serializeAuthenticationRecord(record: AuthenticationRecordData): string {
  return JSON.stringify(orderedFields(record));
}

/**
 * Parses a serialized record. A missing `version` is accepted (other VS Code extensions write records without
 * one); any other version, malformed JSON, missing or non-string fields, and input over 10 KB are refused
 * with an InvalidArgumentError that says what is wrong.
 */
export function deserializeAuthenticationRecord(serialized: string): AuthenticationRecord {
  if (typeof serialized !== 'string') {
    throw new InvalidArgumentError('authenticationRecord', 'An authentication record must be a JSON string.');
  }
  if (serialized.length > MAX_SERIALIZED_RECORD_LENGTH) {
    throw new InvalidArgumentError(
      'authenticationRecord',
      `The authentication record is ${serialized.length} characters long; a valid record is under ${MAX_SERIALIZED_RECORD_LENGTH / 1024} KB. Sign in again to write a new one.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    throw new InvalidArgumentError('authenticationRecord', 'The authentication record is not valid JSON. Sign in again to write a new one.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidArgumentError('authenticationRecord', 'The authentication record must be a JSON object. Sign in again to write a new one.');
  }
  const fields = parsed as Record<string, unknown>;
  const version = fields.version;
  if (version !== undefined && version !== AUTHENTICATION_RECORD_VERSION) {
    throw new InvalidArgumentError(
      'authenticationRecord',
      `Unsupported authentication record version ${JSON.stringify(version).slice(0, 20)}; this library reads version "${AUTHENTICATION_RECORD_VERSION}".`,
    );
  }
  const missing = REQUIRED_FIELDS.filter((name) => typeof fields[name] !== 'string' || fields[name] === '');
  if (missing.length > 0) {
    throw new InvalidArgumentError(
      'authenticationRecord',
      `The authentication record lacks ${missing.join(', ')} (each must be a non-empty string). Sign in again to write a new one.`,
    );
  }
  return new AuthenticationRecord({
    authority: fields.authority as string,
    clientId: fields.clientId as string,
    homeAccountId: fields.homeAccountId as string,
    tenantId: fields.tenantId as string,
    username: fields.username as string,
  });
}

function orderedFields(record: AuthenticationRecordData): Record<string, string> {
  return {
    authority: record.authority,
    clientId: record.clientId,
    homeAccountId: record.homeAccountId,
    tenantId: record.tenantId,
    username: record.username,
    version: AUTHENTICATION_RECORD_VERSION,
  };
}

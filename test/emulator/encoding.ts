// Small encoding helpers shared by the emulator's modules.
import * as crypto from 'node:crypto';

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function base64urlJson(value: unknown): string {
  return base64url(JSON.stringify(value));
}

/** Parses base64url JSON; undefined when it is not. */
export function parseBase64urlJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export function newGuid(): string {
  return crypto.randomUUID();
}

/** An opaque random token with a readable prefix, for codes and refresh tokens. */
export function opaqueToken(prefix: string, bytes = 32): string {
  return `${prefix}${crypto.randomBytes(bytes).toString('base64url')}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A plain object whose values are all strings, or undefined. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

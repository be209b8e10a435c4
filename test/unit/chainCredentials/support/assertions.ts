// Assertions the credential tests share.
import * as assert from 'node:assert/strict';

/** Awaits a rejection of exactly this error type and returns the error for further checks. */
export async function expectError<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${(error as Error).name}: ${(error as Error).message}`);
    return error;
  }
  assert.fail(`expected ${type.name}`);
}

/** The claims of a JWT, unverified: tests read whose token it is. */
export function tokenClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

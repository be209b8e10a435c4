// Shared pieces of the property-based bad-input tests: how many cases each target tried (for the summary the
// suite prints and docs/RELIABILITY.md reports), the errors that count as "a typed error", and a guard that
// fails the test on any unhandled rejection a case left behind.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { AbortError, ClientAuthenticationError, CredentialUnavailableError, InvalidArgumentError } from '../../../../src/identity/errors';

/** Cases per pure target; the network targets run fewer (each is a real request). */
export const PURE_RUNS = 3000;
export const NETWORK_RUNS = 400;

const casesTried = new Map<string, number>();

/** Counts one case for `target`; the counts are printed after the suite. */
export function countCase(target: string): void {
  casesTried.set(target, (casesTried.get(target) ?? 0) + 1);
}

export function casesReport(): ReadonlyMap<string, number> {
  return casesTried;
}

/** Prints the table once the suite is done, and writes it where the reliability report's figures come from. */
export function printCasesReport(): void {
  const rows = [...casesTried.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return;
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  const lines = rows.map(([target, n]) => `    ${target}: ${n} cases`);
  process.stdout.write(`\n  Bad-input cases tried (${total} in all):\n${lines.join('\n')}\n`);
  const file = process.env.AZID_PROPERTY_REPORT;
  if (file) writeFileSync(file, JSON.stringify(Object.fromEntries(rows), null, 2));
}

/** The library's typed errors: each names what is wrong; anything else (TypeError, RangeError…) is a crash. */
export function assertTypedError(error: unknown, context: string): asserts error is Error {
  const typed =
    error instanceof InvalidArgumentError ||
    error instanceof ClientAuthenticationError ||
    error instanceof CredentialUnavailableError ||
    error instanceof AbortError;
  if (!typed) assert.fail(`${context}: not a typed error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  assert.ok(error.message.length > 0, `${context}: a typed error with no message`);
}

/** Fails the current test if a case left an unhandled promise rejection behind. */
export function failOnUnhandledRejections(): void {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', onRejection);
  });
  afterEach(async () => {
    // Rejections are reported after the microtask queue drains: give them a turn to arrive.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onRejection);
    assert.deepEqual(seen.map(String), [], 'unhandled rejections');
  });
}

// The counts one suite reports to `npm test`: {"passed":N,"failed":N,"skipped":N,"failures":[titles]}.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Marker of the JSON line the in-host reporter prints (test/extension/suiteResultReporter.ts). */
export const SUITE_RESULT_MARKER = 'AZID_SUITE_RESULT ';

/** A result that counts a suite which could not run (or did not report) as one failure with the reason. */
export function brokenSuiteResult(reason) {
  return { passed: 0, failed: 1, skipped: 0, failures: [reason] };
}

/** Parses a reporter line; returns undefined when the line is not one. */
export function parseSuiteResultLine(line) {
  const at = line.indexOf(SUITE_RESULT_MARKER);
  if (at < 0) return undefined;
  try {
    const parsed = JSON.parse(line.slice(at + SUITE_RESULT_MARKER.length).trim());
    if (typeof parsed.passed !== 'number' || typeof parsed.failed !== 'number' || !Array.isArray(parsed.failures)) return undefined;
    return { passed: parsed.passed, failed: parsed.failed, skipped: parsed.skipped ?? 0, failures: parsed.failures.map(String) };
  } catch {
    return undefined;
  }
}

export function writeSuiteResult(file, result) {
  if (!file) return;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, JSON.stringify(result));
}

/** Reads a result file a mocha reporter wrote; undefined when it is missing or malformed. */
export function parseSuiteResultFile(file) {
  if (!existsSync(file)) return undefined;
  return parseSuiteResultLine(SUITE_RESULT_MARKER + readFileSync(file, 'utf8'));
}

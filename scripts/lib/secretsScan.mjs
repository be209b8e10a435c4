// The last step of `npm test`: fails the run if any secret the emulator issued or knows (tokens it signed,
// refresh tokens, client secrets, passwords, assertions sent to it) appears in what the tests produced:
// each suite's captured stdout/stderr and the log files left under .run/ during this run (code-server logs
// of a failed in-host suite included). Counts as one test in the "N passed, N failed" total. Never prints a
// secret: only the file, the line number and what kind of value matched.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';

/** Asks the emulator's control API for every secret value it issued or was told since it started. */
export function fetchIssuedSecrets(info) {
  const url = new URL(`${info.controlUrl.replace(/\/$/, '')}/issued-secrets`);
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: readFileSync(info.caCertPath), timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${url.pathname} answered ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).values);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url.pathname} timed out`)));
    req.on('error', reject);
  });
}

/** Files under `dir` (recursively) changed at or after `sinceMs`; big binary-ish files are skipped. */
export function filesChangedSince(dir, sinceMs, skip = () => false) {
  const found = [];
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const p = path.join(d, entry.name);
      if (skip(p)) continue;
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) {
        const st = statSync(p, { throwIfNoEntry: false });
        if (st && st.mtimeMs >= sinceMs && st.size < 64 * 1024 * 1024) found.push(p);
      }
    }
  };
  walk(dir);
  return found;
}

function kindOf(value) {
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) return 'a signed token (JWT)';
  if (value.startsWith('1.emu-rt.')) return 'a refresh token';
  return 'a secret, password or assertion';
}

/**
 * Scans `files` for any of `secrets`. Returns {passed, failed, failures} shaped like a suite result.
 * @param {string[]} secrets @param {string[]} files
 */
export function scanForSecrets(secrets, files) {
  // Thousands of tokens (the benchmarks) times megabytes of logs: look words up in a set instead of
  // searching for each secret; only secrets with other characters are searched for one by one.
  const wordLike = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
  const known = new Set(secrets.filter((s) => wordLike.test(s)));
  const others = secrets.filter((s) => !wordLike.test(s));
  const failures = [];
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    const hits = new Set();
    for (const match of text.matchAll(/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*/g)) {
      const word = match[0];
      if (word.length < 8) continue;
      const parts = word.split('.');
      for (const candidate of [word, parts[parts.length - 1], parts.slice(1).join('.')]) {
        if (known.has(candidate) && !hits.has(candidate)) {
          hits.add(candidate);
          const line = text.slice(0, match.index).split('\n').length;
          failures.push(`secrets scan: ${kindOf(candidate)} the emulator issued appears in ${file}:${line}`);
        }
      }
    }
    for (const secret of others) {
      const at = text.indexOf(secret);
      if (at >= 0) failures.push(`secrets scan: ${kindOf(secret)} the emulator knows appears in ${file}:${text.slice(0, at).split('\n').length}`);
    }
  }
  return { passed: failures.length ? 0 : 1, failed: failures.length ? 1 : 0, skipped: 0, failures };
}

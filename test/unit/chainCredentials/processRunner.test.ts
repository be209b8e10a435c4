// The child-process seam: bounded runs that leave nothing behind and never leak output into errors.
import * as assert from 'node:assert/strict';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findExecutable } from '../../../src/identity/process/findExecutable';
import { ProcessRunError } from '../../../src/identity/process/processErrors';
import { redactOutput } from '../../../src/identity/process/redactOutput';
import { runProcess } from '../../../src/identity/process/runProcess';
import { processesWith, uniqueSleepSeconds, waitUntilGone } from './support/processes';
import { makeTempDir, removeDir, writeScript } from './support/tempDir';

async function rejection(promise: Promise<unknown>): Promise<ProcessRunError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProcessRunError, `expected a ProcessRunError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the run to fail');
}

describe('identity2: runProcess', () => {
  it('returns the exit code and both output streams', async () => {
    const result = await runProcess({ command: '/bin/sh', args: ['-c', 'echo out; echo err >&2; exit 3'], timeoutInMs: 5_000 });
    assert.equal(result.exitCode, 3);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'err\n');
  });

  it('runs in a directory the OS controls, not the caller’s', async () => {
    const result = await runProcess({ command: '/bin/sh', args: ['-c', 'pwd'], timeoutInMs: 5_000 });
    assert.equal(result.stdout.trim(), realpathSync('/bin'));
  });

  it('reports a missing program as not-found', async () => {
    const error = await rejection(runProcess({ command: '/nonexistent/az', args: [], timeoutInMs: 5_000 }));
    assert.equal(error.reason, 'not-found');
  });

  it('kills the whole process group on timeout, grandchildren included, and keeps output out of the error', async () => {
    const seconds = uniqueSleepSeconds();
    const started = Date.now();
    const error = await rejection(
      runProcess({
        command: '/bin/sh',
        args: ['-c', `echo "accessToken-secret-value"; sleep ${seconds} & sleep ${seconds}`],
        timeoutInMs: 300,
      }),
    );
    assert.equal(error.reason, 'timeout');
    assert.ok(Date.now() - started < 5_000, 'the run ended soon after its timeout');
    assert.doesNotMatch(error.message, /secret-value/);
    assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), [], 'no sleep process is left');
  });

  it('stops when the abort signal fires', async () => {
    const seconds = uniqueSleepSeconds();
    const controller = new AbortController();
    const run = runProcess({ command: '/bin/sh', args: ['-c', `sleep ${seconds}`], timeoutInMs: 60_000, abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(run);
    assert.equal(error.reason, 'aborted');
    assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), []);
  });

  it('refuses to start when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(runProcess({ command: '/bin/true', args: [], timeoutInMs: 1_000, abortSignal: controller.signal }));
    assert.equal(error.reason, 'aborted');
  });

  it('stops a program whose output exceeds the cap', async () => {
    const error = await rejection(runProcess({ command: '/usr/bin/yes', args: ['token'], timeoutInMs: 10_000, maxOutputBytes: 64 * 1024 }));
    assert.equal(error.reason, 'output-too-large');
    assert.deepEqual(processesWith('/usr/bin/yes token'), []);
  });

  it('returns when the program exits even if a background child still holds its output open, and ends that child', async () => {
    const seconds = uniqueSleepSeconds();
    const started = Date.now();
    const result = await runProcess({ command: '/bin/sh', args: ['-c', `sleep ${seconds} & echo done`], timeoutInMs: 20_000 });
    assert.equal(result.stdout.trim(), 'done');
    assert.ok(Date.now() - started < 5_000, 'it did not wait for the background child');
    assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), []);
  });

  it('rejects a timeout that is not a positive number', async () => {
    const error = await rejection(runProcess({ command: '/bin/true', args: [], timeoutInMs: 0 }));
    assert.equal(error.reason, 'spawn-failed');
  });
});

describe('identity2: findExecutable', () => {
  let dir: string | undefined;
  afterEach(() => removeDir(dir));

  it('finds an executable on PATH and ignores non-executable files and empty PATH entries', async () => {
    dir = makeTempDir('which');
    const first = path.join(dir, 'a');
    const second = path.join(dir, 'b');
    mkdirSync(first);
    mkdirSync(second);
    writeFileSync(path.join(first, 'tool'), 'not executable');
    const executable = writeScript(second, 'tool', '#!/bin/sh\n');
    assert.equal(await findExecutable('tool', { PATH: `${first}::${second}` }), executable);
    assert.equal(await findExecutable('missing-tool', { PATH: `${first}:${second}` }), undefined);
    assert.equal(await findExecutable('tool', { PATH: '' }), undefined);
  });
});

describe('identity2: redactOutput', () => {
  it('hides tokens in JSON, JWTs and PowerShell marker lines', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const text = `{"accessToken": "abc123secret", "Token":"t0ken-value"} ${jwt} azsdk%p0wershell-token%1700000000 Bearer abcdefghijk`;
    const shown = redactOutput(text);
    for (const secret of ['abc123secret', 't0ken-value', jwt, 'p0wershell-token', 'abcdefghijk']) {
      assert.ok(!shown.includes(secret), `${secret} was hidden`);
    }
    assert.match(shown, /"accessToken": "<redacted>"/);
  });

  it('keeps ordinary messages readable', () => {
    assert.equal(redactOutput("ERROR: Please run 'az login' to setup account.\n"), "ERROR: Please run 'az login' to setup account.");
  });
});

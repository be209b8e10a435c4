// One writer of the concurrency test: acquires `count` tokens, each for its own scope, through a
// ClientSecretCredential whose MSAL cache persists to the shared file, so every token is one locked
// read-modify-write of that file. With `holdLockForever`, it takes the cache's lock and waits to be killed.
import * as fs from 'node:fs';
import { ClientSecretCredential } from '../../../../src/identity/credentials/clientSecretCredential';
import { setIdentityLogSink } from '../../../../src/identity/logger';

interface WriterInput {
  readonly writer: number;
  readonly count: number;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly cacheName: string;
  readonly authorityOptions: { authorityHost?: string; disableInstanceDiscovery?: boolean };
  readonly holdLockForever?: string;
}

async function main(input: WriterInput): Promise<void> {
  if (input.holdLockForever) {
    // What a writer killed in the middle of a write leaves: the lock file with its (soon dead) pid.
    fs.writeFileSync(input.holdLockForever, String(process.pid), { flag: 'wx' });
    process.stdout.write('locked\n');
    setInterval(() => undefined, 60_000);
    return;
  }
  const credential = new ClientSecretCredential(input.tenantId, input.clientId, input.clientSecret, {
    ...input.authorityOptions,
    tokenCachePersistenceOptions: { enabled: true, name: input.cacheName, allowUnencryptedStorage: true },
  });
  // Warnings go to stderr, for the test to read what a person would see in the log.
  setIdentityLogSink((entry) => {
    if (entry.level === 'warning' || entry.level === 'error') process.stderr.write(`${entry.level}: ${entry.message}\n`);
  }, 'warning');
  let written = 0;
  for (let i = 0; i < input.count; i++) {
    await credential.getToken(`https://writer${input.writer}-token${i}.example/.default`);
    written++;
  }
  process.stdout.write(`${JSON.stringify({ written })}\n`);
}

main(JSON.parse(process.argv[2] ?? '{}') as WriterInput).catch((error: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: { name: (error as Error).name, message: (error as Error).message } })}\n`);
  process.exitCode = 1;
});

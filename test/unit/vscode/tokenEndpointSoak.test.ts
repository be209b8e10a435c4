// Soak: the terminal endpoint under 200 concurrent keep-alive clients, the real broker and AccountService behind
// it and a real ClientSecretCredential's token from the emulator. Every answer must be the right token; memory
// must stay flat (heap after GC, RSS) and no socket or file descriptor may be left when the clients are gone.
// `npm test` runs a short variant (AZID_SOAK_SECONDS, default 3 s); `npm run soak` runs it for 60 s.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AccountService } from '../../../src/vscode/accounts/accountService';
import { MemorySecretStore } from '../../../src/vscode/accounts/secretStore';
import { DEFAULT_ALLOWED_RESOURCES, TerminalTokenBroker } from '../../../src/vscode/terminal/terminalTokenBroker';
import { startTokenEndpoint, type RunningTokenEndpoint } from '../../../src/vscode/terminal/tokenEndpointServer';
import { useFreshEmulator } from '../msalCredentials/support/emulator';
import { signInServicePrincipal } from './support/signInUser';

const CLIENTS = 200;
const SECONDS = Number(process.env.AZID_SOAK_SECONDS ?? 3);
/** Heap (after a full GC) may grow this much over the run: a leak of even 100 bytes a request exceeds it. */
const HEAP_GROWTH_BOUND_MB = 8;
const RSS_GROWTH_BOUND_MB = 64;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('terminal endpoint soak: 200 keep-alive clients', function () {
  this.timeout((SECONDS + 60) * 1000);
  const emulator = useFreshEmulator();

  it(`serves every request of ${CLIENTS} clients for ${SECONDS} s correctly, memory flat, nothing left open`, async () => {
    const service = new AccountService({ secrets: new MemorySecretStore(), logger: quiet, prefetchTenants: false });
    let handOuts = 0;
    service.onDidHandOutToken(() => handOuts++);
    const { credential } = await signInServicePrincipal(service, emulator(), 'soak service principal');
    const expected = (await credential.getToken('https://management.azure.com/.default')).token;
    const broker = new TerminalTokenBroker({ service, allowList: () => DEFAULT_ALLOWED_RESOURCES, ask: async () => 'deny', rememberAllowed: async () => undefined });
    let endpoint: RunningTokenEndpoint | undefined;
    const descriptorsBefore = openDescriptors();
    try {
      endpoint = await startTokenEndpoint({ getToken: (request) => broker.getToken(request) });
      const secret = endpoint.addSecret({});
      const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
      const failures: string[] = [];
      let served = 0;
      /** Answers that were not the right token, and requests that got no answer: both count as errors. */
      let errors = 0;
      const get = () =>
        new Promise<void>((resolve) => {
          const outgoing = http.get(
            { host: '127.0.0.1', port: endpoint!.port, path: '/msi/token?resource=https%3A%2F%2Fmanagement.azure.com&api-version=2019-08-01', headers: { 'X-IDENTITY-HEADER': secret }, agent },
            (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
              response.on('end', () => {
                const token = response.statusCode === 200 ? (JSON.parse(text) as { access_token?: string }).access_token : undefined;
                if (token === expected) served++;
                // Never the body: a wrong answer might hold a token.
                else {
                  errors++;
                  if (failures.length < 5) failures.push(`status ${response.statusCode}${response.statusCode === 200 ? ' with another token' : ''}`);
                }
                resolve();
              });
            },
          );
          outgoing.on('error', (error) => {
            errors++;
            if (failures.length < 5) failures.push(error.message);
            resolve();
          });
          outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('no answer within 10 s')));
        });
      const loadFor = async (ms: number) => {
        const deadline = Date.now() + ms;
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (Date.now() < deadline) await get();
          }),
        );
      };

      await loadFor(Math.min(1_000, SECONDS * 300)); // warm-up: sockets open, code optimised
      const servedAtStart = served;
      const heapStart = heapAfterGc();
      const rssStart = process.memoryUsage().rss;
      await loadFor(SECONDS * 1000);
      const heapEnd = heapAfterGc();
      const rssEnd = process.memoryUsage().rss;
      agent.destroy();
      await endpoint.close();
      endpoint = undefined;
      await new Promise((resolve) => setImmediate(resolve));

      const requests = served - servedAtStart;
      const heapGrowthMb = (heapEnd - heapStart) / 2 ** 20;
      const rssGrowthMb = (rssEnd - rssStart) / 2 ** 20;
      process.stdout.write(
        `      soak: ${requests} requests in ${SECONDS} s (${Math.round(requests / SECONDS)}/s) by ${CLIENTS} clients, ${errors} errors; heap ${heapGrowthMb >= 0 ? '+' : ''}${heapGrowthMb.toFixed(2)} MB, RSS ${rssGrowthMb >= 0 ? '+' : ''}${rssGrowthMb.toFixed(1)} MB; ${Math.max(0, openDescriptors() - descriptorsBefore)} descriptors left\n`,
      );
      assert.deepEqual(failures, [], 'every request answered with the right token');
      assert.equal(errors, 0, 'errors');
      assert.ok(requests > CLIENTS, `the soak served ${requests} requests`);
      assert.equal(handOuts >= served, true, 'each hand-out announced');
      assert.ok(heapGrowthMb < HEAP_GROWTH_BOUND_MB, `heap grew ${heapGrowthMb.toFixed(2)} MB over ${requests} requests`);
      assert.ok(rssGrowthMb < RSS_GROWTH_BOUND_MB, `RSS grew ${rssGrowthMb.toFixed(1)} MB`);
      assert.ok(openDescriptors() <= descriptorsBefore, `${openDescriptors() - descriptorsBefore} file descriptors left open`);
    } finally {
      await endpoint?.close();
      service.dispose();
    }
  });
});

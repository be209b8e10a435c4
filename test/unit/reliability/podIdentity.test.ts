// IMDS named by AZURE_POD_IDENTITY_AUTHORITY_HOST (the aad-pod-identity add-on's variable) at a port that
// refuses connections and at one that accepts and never answers: ManagedIdentityCredential and
// DefaultAzureCredential must say "unavailable" within 2 s, and leave no socket or timer behind. Only loopback
// ports (127.0.0.77 / 127.0.0.78): nothing here can reach 169.254.169.254. The peer (@azure/identity 4.13.1)
// is measured the same way by `node scripts/measurePodIdentity.mjs` (it waits far longer; docs/RELIABILITY.md).
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { DefaultAzureCredential } from '../../../src/identity/credentials/defaultAzureCredential';
import { ManagedIdentityCredential } from '../../../src/identity/credentials/managedIdentityCredential';
import { AggregateAuthenticationError, CredentialUnavailableError } from '../../../src/identity/errors';
import { forgetImdsProbes } from '../../../src/identity/managedIdentity/imds';
import { forgetRememberedUnavailability } from '../../../src/identity/unavailabilityMemory';
import { useCleanEnvironment, setEnv } from '../chainCredentials/support/environment';
import { refusingUrl, startSilentListener, type SilentListener } from '../chainCredentials/support/listeners';
import { makeTempDir, removeDir } from '../chainCredentials/support/tempDir';
import { grownSince, resourceSnapshot } from './support/resources';

const SCOPE = 'https://management.azure.com/.default';
const BOUND_MS = 2_000;

const figures: string[] = [];

describe('reliability: IMDS through AZURE_POD_IDENTITY_AUTHORITY_HOST', function () {
  this.timeout(30_000);
  useCleanEnvironment();
  let silent: SilentListener | undefined;
  let refused = '';
  let dir: string | undefined;
  let restore: (() => void) | undefined;
  before(async () => {
    silent = await startSilentListener();
    refused = await refusingUrl();
  });
  after(async () => {
    await silent?.close();
    if (figures.length > 0) console.log(`\n    pod identity host, time to "unavailable":\n${figures.map((f) => `      ${f}`).join('\n')}`);
  });
  beforeEach(() => {
    forgetRememberedUnavailability();
    forgetImdsProbes();
    dir = makeTempDir('pod-identity');
    // No az, pwsh or azd: the chain's developer tools answer "not installed" at once.
    restore = setEnv({ PATH: dir });
  });
  afterEach(() => {
    restore?.();
    removeDir(dir);
  });

  for (const kind of ['refused', 'silent'] as const) {
    const host = (): string => (kind === 'refused' ? refused : (silent as SilentListener).url);

    it(`ManagedIdentityCredential: a ${kind} port is unavailable within 2 s, nothing left behind`, async () => {
      const before = await resourceSnapshot();
      const started = performance.now();
      const error = await new ManagedIdentityCredential({ environment: { AZURE_POD_IDENTITY_AUTHORITY_HOST: host() } })
        .getToken(SCOPE)
        .then(() => undefined, (e: unknown) => e as Error);
      const ms = Math.round(performance.now() - started);
      figures.push(`ManagedIdentityCredential, ${kind} port: ${ms} ms`);
      assert.ok(error instanceof CredentialUnavailableError, `unavailable, got ${String(error)}`);
      assert.match(error.message, /no response from the IMDS endpoint/);
      assert.ok(ms < BOUND_MS, `within 2 s (took ${ms} ms)`);
      assert.deepEqual(await grownSince(before), [], 'no socket or timer left behind');
    });

    it(`DefaultAzureCredential: a ${kind} pod-identity port makes the chain fail within 2 s, naming IMDS`, async () => {
      const undo = setEnv({ AZURE_POD_IDENTITY_AUTHORITY_HOST: host() });
      try {
        const started = performance.now();
        const error = await new DefaultAzureCredential().getToken(SCOPE).then(() => undefined, (e: unknown) => e as Error);
        const ms = Math.round(performance.now() - started);
        figures.push(`DefaultAzureCredential, ${kind} port: ${ms} ms`);
        assert.ok(error instanceof AggregateAuthenticationError || error instanceof CredentialUnavailableError, `the chain fails, got ${String(error)}`);
        assert.match(error.message, /ManagedIdentityCredential: .*no response from the IMDS endpoint/);
        assert.ok(ms < BOUND_MS, `within 2 s (took ${ms} ms)`);
      } finally {
        undo();
      }
    });
  }

  it('a silent pod-identity host is asked once: the next credential remembers the verdict', async () => {
    const listener = silent as SilentListener;
    const environment = { AZURE_POD_IDENTITY_AUTHORITY_HOST: listener.url };
    const connectionsBefore = listener.connections;
    await assert.rejects(new ManagedIdentityCredential({ environment }).getToken(SCOPE), CredentialUnavailableError);
    await assert.rejects(new ManagedIdentityCredential({ environment }).getToken(SCOPE), CredentialUnavailableError);
    assert.equal(listener.connections - connectionsBefore, 1, 'one probe connection for both credentials');
  });
});

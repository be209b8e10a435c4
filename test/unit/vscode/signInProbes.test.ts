// The checks the sign-in list runs before it opens: bounded together, each slow tool reported as still
// checking rather than holding the list, the environment's variables read without reading a secret out, and
// a slow tool asked once for concurrent askers.
import * as assert from 'node:assert/strict';
import { Memo, probeEnvironment, readAzureCliAccount, withinBound, type ProbeResult } from '../../../src/vscode/signIn/probes';

describe('sign-in probes', () => {
  it('report a probe that outlasts the bound as "still checking", and the others as they answered', async () => {
    const never = new Promise<ProbeResult>(() => undefined);
    const states = await withinBound({ fast: Promise.resolve<ProbeResult>({ state: 'available', detail: 'signed in as bob' }), slow: never, broken: Promise.reject(new Error('boom')) }, 50);
    assert.deepEqual(states.fast, { state: 'available', detail: 'signed in as bob' });
    assert.deepEqual(states.slow, { state: 'unknown', detail: 'still checking' });
    assert.deepEqual(states.broken, { state: 'unknown', detail: 'boom' });
  });

  it('say which environment variables a service principal lacks, and never echo a secret', () => {
    assert.equal(probeEnvironment({}).state, 'unavailable');
    assert.match(probeEnvironment({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }).detail, /AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH/);
    const withSecret = probeEnvironment({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 'fake-secret-value' });
    assert.equal(withSecret.state, 'available');
    assert.ok(!withSecret.detail.includes('fake-secret-value'));
  });

  it('run a slow tool once for everyone who asks while it runs, and again only when asked fresh', async () => {
    let runs = 0;
    const memo = new Memo(async () => ++runs, 60_000);
    assert.deepEqual(await Promise.all([memo.get(), memo.get(), memo.get()]), [1, 1, 1]);
    assert.equal(await memo.get(), 1);
    assert.equal(await memo.get({ fresh: true }), 2);
  });

  it('say "not installed" when az is not on PATH', async () => {
    const { result } = await readAzureCliAccount(5_000, { ...process.env, PATH: '/nonexistent' });
    assert.deepEqual(result, { state: 'unavailable', detail: 'the Azure CLI is not installed' });
  });
});

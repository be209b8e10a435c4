// Consent for the exported API: asked once per extension and account, remembered, revocable, never skipped.
import * as assert from 'node:assert/strict';
import { isAzureIdentityError } from '../../../../src/vscode/api/errors';
import { EXTENSION_ACCESS_KEY, ExtensionAccess, type ConsentQuestion } from '../../../../src/vscode/api/extensionAccess';
import { MemoryMemento, scriptedConsent } from './support';

const DOCKER: ConsentQuestion = {
  extensionId: 'ms-azuretools.vscode-docker',
  extensionName: 'Docker',
  accountId: 'alice-id',
  accountLabel: 'alice@contoso.onmicrosoft.com',
  resourceName: 'Azure Resource Manager',
};

describe('extension access (consent for the exported API)', () => {
  it('asks once, then remembers the answer in global state for every later call and window', async () => {
    const memento = new MemoryMemento();
    const consent = scriptedConsent('allow');
    const access = new ExtensionAccess({ memento, ask: consent.ask });
    await access.ensureAllowed(DOCKER);
    await access.ensureAllowed(DOCKER);
    assert.equal(consent.asked.length, 1);
    assert.deepEqual(consent.asked[0], DOCKER, 'the question names the extension, the account and the resource');
    // Another window (another instance over the same global state) does not ask again.
    const otherWindow = scriptedConsent('deny');
    await new ExtensionAccess({ memento, ask: otherWindow.ask }).ensureAllowed(DOCKER);
    assert.equal(otherWindow.asked.length, 0);
  });

  it('asks again for another account or another extension', async () => {
    const consent = scriptedConsent('allow');
    const access = new ExtensionAccess({ memento: new MemoryMemento(), ask: consent.ask });
    await access.ensureAllowed(DOCKER);
    await access.ensureAllowed({ ...DOCKER, accountId: 'bob-id', accountLabel: 'bob@contoso.onmicrosoft.com' });
    await access.ensureAllowed({ ...DOCKER, extensionId: 'evil.extension', extensionName: 'Evil' });
    assert.deepEqual(consent.asked.map((q) => `${q.extensionId} ${q.accountId}`), ['ms-azuretools.vscode-docker alice-id', 'ms-azuretools.vscode-docker bob-id', 'evil.extension alice-id']);
  });

  it('shows one question for many concurrent requests, and all of them get its answer', async () => {
    let release!: () => void;
    const consent = scriptedConsent(() => new Promise((resolve) => (release = () => resolve('allow'))));
    const access = new ExtensionAccess({ memento: new MemoryMemento(), ask: consent.ask });
    const waiting = Promise.all(Array.from({ length: 10 }, () => access.ensureAllowed(DOCKER)));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await waiting;
    assert.equal(consent.asked.length, 1);
  });

  it('rejects with ConsentDenied after "Don\'t Allow", and does not ask again in this window', async () => {
    const memento = new MemoryMemento();
    const consent = scriptedConsent('deny');
    const access = new ExtensionAccess({ memento, ask: consent.ask });
    await assert.rejects(access.ensureAllowed(DOCKER), (e: unknown) => isAzureIdentityError(e, 'ConsentDenied') && /Docker/.test((e as Error).message));
    await assert.rejects(access.ensureAllowed(DOCKER), (e: unknown) => isAzureIdentityError(e, 'ConsentDenied'));
    assert.equal(consent.asked.length, 1);
    assert.deepEqual(access.denials().map((d) => d.extensionId), [DOCKER.extensionId]);
    // A denial is not stored: the next window asks again.
    assert.equal(access.isAllowed(DOCKER.extensionId, DOCKER.accountId), false);
    const next = scriptedConsent('allow');
    await new ExtensionAccess({ memento, ask: next.ask }).ensureAllowed(DOCKER);
    assert.equal(next.asked.length, 1);
  });

  it('treats a dismissed or failed question as not allowed, and asks again next time', async () => {
    const dismissed = scriptedConsent('dismiss');
    const access = new ExtensionAccess({ memento: new MemoryMemento(), ask: dismissed.ask });
    await assert.rejects(access.ensureAllowed(DOCKER), (e: unknown) => isAzureIdentityError(e, 'ConsentDenied'));
    await assert.rejects(access.ensureAllowed(DOCKER), (e: unknown) => isAzureIdentityError(e, 'ConsentDenied'));
    assert.equal(dismissed.asked.length, 2);
    const failing = new ExtensionAccess({ memento: new MemoryMemento(), ask: () => Promise.reject(new Error('DialogService: refused to show dialog in tests')) });
    await assert.rejects(failing.ensureAllowed(DOCKER), (e: unknown) => isAzureIdentityError(e, 'ConsentDenied'));
  });

  it('with silent, rejects with ConsentRequired and asks nothing', async () => {
    const consent = scriptedConsent('allow');
    const access = new ExtensionAccess({ memento: new MemoryMemento(), ask: consent.ask });
    await assert.rejects(access.ensureAllowed(DOCKER, { silent: true }), (e: unknown) => isAzureIdentityError(e, 'ConsentRequired'));
    assert.equal(consent.asked.length, 0);
  });

  it('revoking takes access back: the next request asks again', async () => {
    const consent = scriptedConsent('allow');
    const access = new ExtensionAccess({ memento: new MemoryMemento(), ask: consent.ask });
    let changes = 0;
    access.onDidChange(() => changes++);
    await access.ensureAllowed(DOCKER);
    assert.equal(await access.revoke(DOCKER.extensionId, DOCKER.accountId), 1);
    assert.equal(access.isAllowed(DOCKER.extensionId, DOCKER.accountId), false);
    await access.ensureAllowed(DOCKER);
    assert.equal(consent.asked.length, 2);
    assert.equal(changes, 3, 'allowed, revoked, allowed');
    assert.equal(await access.revoke('nobody.here'), 0);
  });

  it('matches extension ids without regard to case, as VS Code does', async () => {
    const access = new ExtensionAccess({ memento: new MemoryMemento(), ask: scriptedConsent('allow').ask });
    await access.ensureAllowed(DOCKER);
    assert.equal(access.isAllowed('MS-AzureTools.vscode-docker', DOCKER.accountId), true);
  });

  it('records the last use and the resources tokens went out for', async () => {
    let now = 1_000_000;
    const access = new ExtensionAccess({ memento: new MemoryMemento(), ask: scriptedConsent('allow').ask, now: () => now });
    await access.ensureAllowed(DOCKER);
    await access.recordUse(DOCKER.extensionId, DOCKER.accountId, 'Azure Resource Manager');
    now += 5_000;
    await access.recordUse(DOCKER.extensionId, DOCKER.accountId, 'Microsoft Graph');
    const [grant] = access.grants({ accountId: DOCKER.accountId });
    assert.deepEqual(grant.resources, ['Azure Resource Manager', 'Microsoft Graph']);
    assert.equal(grant.lastUsedAt, now);
    assert.equal(grant.grantedAt, 1_000_000);
  });

  it('ignores a corrupt stored value with one warning, and asks again', async () => {
    const memento = new MemoryMemento();
    memento.values.set(EXTENSION_ACCESS_KEY, { version: 1, grants: [{ extensionId: 42 }, 'nonsense'] });
    const warnings: string[] = [];
    const consent = scriptedConsent('allow');
    const access = new ExtensionAccess({ memento, ask: consent.ask, warn: (m) => warnings.push(m) });
    await access.ensureAllowed(DOCKER);
    assert.equal(consent.asked.length, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /unreadable/);
  });

  it('refuses to store a grant for something that is not an extension id', async () => {
    const access = new ExtensionAccess({ memento: new MemoryMemento(), ask: scriptedConsent('allow').ask });
    await assert.rejects(access.allow('not an id', 'alice-id', 'alice'), (e: unknown) => isAzureIdentityError(e, 'InvalidRequest'));
  });
});

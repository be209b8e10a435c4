import assert from 'node:assert/strict';
import { orderForWindow } from '../../../src/vscode/signIn/methodOrder';

describe('sign-in method order', () => {
  const configured = ['azureCli', 'interactiveBrowser', 'deviceCode', 'environment'] as const;

  it('keeps the configured order in a local window', () => {
    assert.deepEqual(orderForWindow(configured, undefined), [...configured]);
  });

  it('offers the device code before the browser in a remote window, where localhost is the wrong machine', () => {
    assert.deepEqual(orderForWindow(configured, 'ssh-remote'), ['azureCli', 'deviceCode', 'interactiveBrowser', 'environment']);
  });

  it('leaves a list without one of the two alone', () => {
    assert.deepEqual(orderForWindow(['interactiveBrowser', 'azureCli'], 'wsl'), ['interactiveBrowser', 'azureCli']);
  });
});

// The order the sign-in list shows its methods in. Plain logic, no `vscode` import, so it is unit-tested.
import type { SignInMethodId } from '../settingsModel';

/**
 * In a remote window (SSH, WSL, containers, Codespaces) the browser's redirect to http://localhost reaches the
 * person's own machine, not the extension host: offer the device code before the browser there.
 */
export function orderForWindow(methods: readonly SignInMethodId[], remoteName: string | undefined): SignInMethodId[] {
  const ordered = [...methods];
  const browser = ordered.indexOf('interactiveBrowser');
  const deviceCode = ordered.indexOf('deviceCode');
  if (remoteName && browser >= 0 && deviceCode > browser) {
    ordered.splice(deviceCode, 1);
    ordered.splice(browser, 0, 'deviceCode');
  }
  return ordered;
}

// Opens the sign-in URL in the user's browser with the platform's opener (xdg-open, open, or the Windows
// URL handler), bounded by a timeout. Applications and tests pass their own opener instead.
import { CredentialUnavailableError } from '../errors';

/** Opens `url` for the user; resolves once the browser was asked to open it. */
export type BrowserOpener = (url: string) => Promise<void>;

const OPENER_TIMEOUT_MS = 10_000;

export const openSystemBrowser: BrowserOpener = async (url) => {
  const [command, args] = openerCommand(url);
  const { spawn } = process.getBuiltinModule('node:child_process');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: process.platform !== 'win32', windowsHide: true });
    const fail = (reason: string): void => {
      clearTimeout(timer);
      reject(new CredentialUnavailableError(`Could not open a browser for the sign-in (${reason}). Use DeviceCodeCredential on machines without a browser.`));
    };
    const timer = setTimeout(() => {
      // Some openers stay attached to the browser they start; the browser was asked, so carry on.
      child.unref();
      resolve();
    }, OPENER_TIMEOUT_MS);
    child.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? `${command} is not installed` : error.message));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else fail(`${command} exited with code ${code}`);
    });
  });
};

function openerCommand(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  // rundll32 takes the URL as one argument; `start` would split it at every "&".
  if (process.platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

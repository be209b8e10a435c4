// Options of InteractiveBrowserCredential: the @azure/identity Node shape plus the reference's timeout and a
// pluggable browser opener.
import type { BrowserOpener } from './browserOpener';
import type { InteractiveCredentialOptions } from './interactiveCredentialOptions';

export interface BrowserCustomizationOptions {
  browserCustomizationOptions?: {
    /** Shown on the page the browser lands on after a failed sign-in. */
    errorMessage?: string;
    /** Shown on the page the browser lands on after a successful sign-in. */
    successMessage?: string;
  };
}

export interface InteractiveBrowserCredentialNodeOptions extends InteractiveCredentialOptions, BrowserCustomizationOptions {
  /** The tenant to sign in to. Default `organizations`. */
  tenantId?: string;
  /** The application users sign in to. Default: the Azure development application. */
  clientId?: string;
  /**
   * A loopback redirect URI registered for the application, such as `http://localhost:8400`. Default: a
   * random free port on `http://localhost`. The server always listens on 127.0.0.1 only.
   */
  redirectUri?: string | (() => string);
  /** Pre-selects the account to sign in with. */
  loginHint?: string;
  /** Seconds to wait for the user to finish signing in. Default 300. */
  timeout?: number;
  /** Opens the sign-in URL. Default: the system browser (xdg-open, open, or the Windows URL handler). */
  browserOpener?: BrowserOpener;
}

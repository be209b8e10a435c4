// Pipes MSAL's own log lines into the credential's logger, with PII logging off: MSAL then keeps account
// names and tokens out of what it logs.
import type { CredentialLogger } from '../logger';
import type { MsalConfiguration } from './loadMsal';

type MsalLoggerOptions = NonNullable<NonNullable<MsalConfiguration['system']>['loggerOptions']>;

// msal-common's LogLevel values (Error=0, Warning=1, Info=2, Verbose=3, Trace=4), spelled as numbers so this file needs no MSAL at runtime.
const MSAL_ERROR = 0;
const MSAL_VERBOSE = 3;

export function msalLoggerOptions(logger: CredentialLogger): MsalLoggerOptions {
  return {
    piiLoggingEnabled: false,
    // Errors always; the rest only when someone listens to verbose lines, because MSAL writes many.
    logLevel: (logger.verboseEnabled ? MSAL_VERBOSE : MSAL_ERROR) as MsalLoggerOptions['logLevel'],
    loggerCallback: (level: number, message: string, containsPii: boolean): void => {
      if (containsPii) return;
      const line = `MSAL: ${message}`;
      // MSAL's lines are diagnostics: our own code reports every failure a person must act on, so MSAL's
      // errors are warnings here and its warnings (such as "No client info" for app tokens) are verbose.
      if (level === MSAL_ERROR) logger.warning(line);
      else logger.verbose(line);
    },
  };
}

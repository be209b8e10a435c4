// Types @azure/identity exports that describe features this library has in another form or not at all, kept
// so that code written against @azure/identity compiles unchanged:
// - brokers (WAM): accepted in the type system; interactive sign-in here uses the system browser;
// - the browser build's InteractiveBrowserCredential options (this library is for Node);
// - the per-selector option shapes of ManagedIdentityCredential and DefaultAzureCredential, which here are
//   one options type each.
import type { DefaultAzureCredentialOptions } from './credentials/defaultAzureCredential';
import type { InteractiveCredentialOptions } from './credentials/interactiveCredentialOptions';
import type { TokenCredentialOptions } from './types';

/** A broker left off (the only kind this library supports). */
export interface BrokerDisabledOptions {
  enabled: false;
  legacyEnableMsaPassthrough?: undefined;
  parentWindowHandle: undefined;
}

/** A native broker (WAM on Windows). Not supported: the library signs in through the browser instead. */
export interface BrokerEnabledOptions {
  enabled: true;
  parentWindowHandle: Uint8Array;
  legacyEnableMsaPassthrough?: boolean;
  useDefaultBrokerAccount?: boolean;
}

export type BrokerOptions = BrokerEnabledOptions | BrokerDisabledOptions;

export interface BrokerAuthOptions {
  brokerOptions?: BrokerOptions;
}

export type BrowserLoginStyle = 'redirect' | 'popup';

/** The options of @azure/identity's browser InteractiveBrowserCredential (this library runs in Node). */
export interface InteractiveBrowserCredentialInBrowserOptions extends InteractiveCredentialOptions {
  clientId: string;
  tenantId?: string;
  redirectUri?: string | (() => string);
  loginStyle?: BrowserLoginStyle;
  loginHint?: string;
}

export interface ManagedIdentityCredentialClientIdOptions extends TokenCredentialOptions {
  clientId?: string;
}

export interface ManagedIdentityCredentialResourceIdOptions extends TokenCredentialOptions {
  resourceId: string;
}

export interface ManagedIdentityCredentialObjectIdOptions extends TokenCredentialOptions {
  objectId: string;
}

export interface DefaultAzureCredentialClientIdOptions extends DefaultAzureCredentialOptions {
  managedIdentityClientId?: string;
  workloadIdentityClientId?: string;
}

export interface DefaultAzureCredentialResourceIdOptions extends DefaultAzureCredentialOptions {
  managedIdentityResourceId: string;
}

// The library's one public entry, for Node programs and for the extension's bundle alike.
//
// Requiring it loads the shared core (./core: types, errors, authority hosts, records, events) and nothing
// else: each credential's module is loaded the first time its export is read, so a process that uses one
// credential pays for that one (issue #5: a fresh require stays under 40 ms and 8 MiB). MSAL is loaded later
// still, by the first token request that needs it (msal/loadMsal.ts).
//
// The lazy exports are the getters of `lazy` below. Each getter's body is a literal `require('./…')` typed by
// `typeof import('./…')`, so the compiler checks the path and the name, and bundlers (webpack) follow the
// literal require: the bundle is built from this same entry. Each getter has a `declare const` of its type
// (and a type alias for classes), and the `inStep` check at the end makes a getter without its declaration a
// compile error. Internals (TokenRunner, AccessTokenCache, test hooks) are not exported: tests import them
// from their modules.
/* eslint-disable @typescript-eslint/no-require-imports -- the literal requires are what make loading lazy */
import type * as Entry from './index';

export * from './core';
export type * from './compatibilityTypes';
export type { ClientSecretCredentialOptions } from './credentials/clientSecretCredentialOptions';
export type {
  CertificateCredentialOptions,
  ClientCertificateCredentialOptions,
  ClientCertificateCredentialPEMConfiguration,
  ClientCertificatePEMCertificate,
  ClientCertificatePEMCertificatePath,
} from './credentials/certificateCredentialOptions';
export type { UsernamePasswordCredentialOptions } from './credentials/usernamePasswordCredentialOptions';
export type { AuthorizationCodeCredentialOptions } from './credentials/authorizationCodeCredentialOptions';
export type { DeviceCodeCredentialOptions, DeviceCodeInfo, DeviceCodePromptCallback } from './credentials/deviceCodeCredentialOptions';
export type { InteractiveBrowserCredentialNodeOptions, BrowserCustomizationOptions } from './credentials/interactiveBrowserCredentialOptions';
export type { InteractiveCredentialOptions } from './credentials/interactiveCredentialOptions';
export type { BrowserOpener } from './credentials/browserOpener';
export type { DefaultAzureCredentialOptions, DefaultAzureCredentialEnvVars } from './credentials/defaultAzureCredential';
export type { EnvironmentCredentialOptions } from './credentials/environmentCredential';
export type { ManagedIdentityCredentialOptions, ManagedIdentityConfig } from './credentials/managedIdentityCredential';
export type { AzureCliCredentialOptions } from './credentials/azureCliCredential';
export type { AzurePowerShellCredentialOptions } from './credentials/azurePowerShellCredential';
export type { AzureDeveloperCliCredentialOptions } from './credentials/azureDeveloperCliCredential';
export type { SharedCacheAccount, SharedTokenCacheCredentialOptions } from './credentials/sharedTokenCacheCredential';
export type { VisualStudioCodeCredentialOptions } from './credentials/visualStudioCodeCredential';
export type { WorkloadIdentityCredentialOptions } from './credentials/workloadIdentityCredential';
export type { ClientAssertionCredentialOptions } from './credentials/clientAssertionCredential';
export type {
  OnBehalfOfCredentialOptions,
  OnBehalfOfCredentialSecretOptions,
  OnBehalfOfCredentialCertificateOptions,
  OnBehalfOfCredentialAssertionOptions,
} from './credentials/onBehalfOfCredential';
export type { AzurePipelinesCredentialOptions } from './credentials/azurePipelinesCredential';
export type { GetBearerTokenProviderOptions } from './tokenProvider';
export type { AzureLogLevel, Debugger, AzureClientLogger } from './azureLogger';
export type { IdentityPlugin, AzurePluginContext } from './identityPlugin';


const lazy = {
  get ClientSecretCredential() {
    return (require('./credentials/clientSecretCredential') as typeof import('./credentials/clientSecretCredential')).ClientSecretCredential;
  },
  get CertificateCredential() {
    return (require('./credentials/certificateCredential') as typeof import('./credentials/certificateCredential')).CertificateCredential;
  },
  get ClientCertificateCredential() {
    return (require('./credentials/certificateCredential') as typeof import('./credentials/certificateCredential')).ClientCertificateCredential;
  },
  get UsernamePasswordCredential() {
    return (require('./credentials/usernamePasswordCredential') as typeof import('./credentials/usernamePasswordCredential')).UsernamePasswordCredential;
  },
  get AuthorizationCodeCredential() {
    return (require('./credentials/authorizationCodeCredential') as typeof import('./credentials/authorizationCodeCredential')).AuthorizationCodeCredential;
  },
  get DeviceCodeCredential() {
    return (require('./credentials/deviceCodeCredential') as typeof import('./credentials/deviceCodeCredential')).DeviceCodeCredential;
  },
  get defaultDeviceCodePromptCallback() {
    return (require('./credentials/deviceCodeCredential') as typeof import('./credentials/deviceCodeCredential')).defaultDeviceCodePromptCallback;
  },
  get InteractiveBrowserCredential() {
    return (require('./credentials/interactiveBrowserCredential') as typeof import('./credentials/interactiveBrowserCredential')).InteractiveBrowserCredential;
  },
  get ChainedTokenCredential() {
    return (require('./credentials/chainedTokenCredential') as typeof import('./credentials/chainedTokenCredential')).ChainedTokenCredential;
  },
  get DefaultAzureCredential() {
    return (require('./credentials/defaultAzureCredential') as typeof import('./credentials/defaultAzureCredential')).DefaultAzureCredential;
  },
  get getDefaultAzureCredential() {
    return (require('./credentials/defaultAzureCredential') as typeof import('./credentials/defaultAzureCredential')).getDefaultAzureCredential;
  },
  get EnvironmentCredential() {
    return (require('./credentials/environmentCredential') as typeof import('./credentials/environmentCredential')).EnvironmentCredential;
  },
  get ManagedIdentityCredential() {
    return (require('./credentials/managedIdentityCredential') as typeof import('./credentials/managedIdentityCredential')).ManagedIdentityCredential;
  },
  get WorkloadIdentityCredential() {
    return (require('./credentials/workloadIdentityCredential') as typeof import('./credentials/workloadIdentityCredential')).WorkloadIdentityCredential;
  },
  get ClientAssertionCredential() {
    return (require('./credentials/clientAssertionCredential') as typeof import('./credentials/clientAssertionCredential')).ClientAssertionCredential;
  },
  get OnBehalfOfCredential() {
    return (require('./credentials/onBehalfOfCredential') as typeof import('./credentials/onBehalfOfCredential')).OnBehalfOfCredential;
  },
  get AzurePipelinesCredential() {
    return (require('./credentials/azurePipelinesCredential') as typeof import('./credentials/azurePipelinesCredential')).AzurePipelinesCredential;
  },
  get AzureCliCredential() {
    return (require('./credentials/azureCliCredential') as typeof import('./credentials/azureCliCredential')).AzureCliCredential;
  },
  get AzurePowerShellCredential() {
    return (require('./credentials/azurePowerShellCredential') as typeof import('./credentials/azurePowerShellCredential')).AzurePowerShellCredential;
  },
  get AzureDeveloperCliCredential() {
    return (require('./credentials/azureDeveloperCliCredential') as typeof import('./credentials/azureDeveloperCliCredential')).AzureDeveloperCliCredential;
  },
  get SharedTokenCacheCredential() {
    return (require('./credentials/sharedTokenCacheCredential') as typeof import('./credentials/sharedTokenCacheCredential')).SharedTokenCacheCredential;
  },
  get VisualStudioCodeCredential() {
    return (require('./credentials/visualStudioCodeCredential') as typeof import('./credentials/visualStudioCodeCredential')).VisualStudioCodeCredential;
  },
  get persistentCachePath() {
    return (require('./msal/persistence') as typeof import('./msal/persistence')).persistentCachePath;
  },
  get identityServiceDirectory() {
    return (require('./msal/persistence') as typeof import('./msal/persistence')).identityServiceDirectory;
  },
  get DEFAULT_TOKEN_CACHE_NAME() {
    return (require('./msal/persistence') as typeof import('./msal/persistence')).DEFAULT_TOKEN_CACHE_NAME;
  },
  get getBearerTokenProvider() {
    return (require('./tokenProvider') as typeof import('./tokenProvider')).getBearerTokenProvider;
  },
  get logger() {
    return (require('./azureLogger') as typeof import('./azureLogger')).logger;
  },
  get AzureLogger() {
    return (require('./azureLogger') as typeof import('./azureLogger')).AzureLogger;
  },
  get setLogLevel() {
    return (require('./azureLogger') as typeof import('./azureLogger')).setLogLevel;
  },
  get getLogLevel() {
    return (require('./azureLogger') as typeof import('./azureLogger')).getLogLevel;
  },
  get useIdentityPlugin() {
    return (require('./identityPlugin') as typeof import('./identityPlugin')).useIdentityPlugin;
  },
};

Object.defineProperties(exports, Object.getOwnPropertyDescriptors(lazy));

type Lazy = typeof lazy;
type InstanceOf<K extends keyof Lazy> = Lazy[K] extends abstract new (...args: never[]) => infer T ? T : never;

export declare const ClientSecretCredential: Lazy['ClientSecretCredential'];
export type ClientSecretCredential = InstanceOf<'ClientSecretCredential'>;
export declare const CertificateCredential: Lazy['CertificateCredential'];
export type CertificateCredential = InstanceOf<'CertificateCredential'>;
export declare const ClientCertificateCredential: Lazy['ClientCertificateCredential'];
export type ClientCertificateCredential = InstanceOf<'ClientCertificateCredential'>;
export declare const UsernamePasswordCredential: Lazy['UsernamePasswordCredential'];
export type UsernamePasswordCredential = InstanceOf<'UsernamePasswordCredential'>;
export declare const AuthorizationCodeCredential: Lazy['AuthorizationCodeCredential'];
export type AuthorizationCodeCredential = InstanceOf<'AuthorizationCodeCredential'>;
export declare const DeviceCodeCredential: Lazy['DeviceCodeCredential'];
export type DeviceCodeCredential = InstanceOf<'DeviceCodeCredential'>;
export declare const defaultDeviceCodePromptCallback: Lazy['defaultDeviceCodePromptCallback'];
export declare const InteractiveBrowserCredential: Lazy['InteractiveBrowserCredential'];
export type InteractiveBrowserCredential = InstanceOf<'InteractiveBrowserCredential'>;
export declare const ChainedTokenCredential: Lazy['ChainedTokenCredential'];
export type ChainedTokenCredential = InstanceOf<'ChainedTokenCredential'>;
export declare const DefaultAzureCredential: Lazy['DefaultAzureCredential'];
export type DefaultAzureCredential = InstanceOf<'DefaultAzureCredential'>;
export declare const getDefaultAzureCredential: Lazy['getDefaultAzureCredential'];
export declare const EnvironmentCredential: Lazy['EnvironmentCredential'];
export type EnvironmentCredential = InstanceOf<'EnvironmentCredential'>;
export declare const ManagedIdentityCredential: Lazy['ManagedIdentityCredential'];
export type ManagedIdentityCredential = InstanceOf<'ManagedIdentityCredential'>;
export declare const WorkloadIdentityCredential: Lazy['WorkloadIdentityCredential'];
export type WorkloadIdentityCredential = InstanceOf<'WorkloadIdentityCredential'>;
export declare const ClientAssertionCredential: Lazy['ClientAssertionCredential'];
export type ClientAssertionCredential = InstanceOf<'ClientAssertionCredential'>;
export declare const OnBehalfOfCredential: Lazy['OnBehalfOfCredential'];
export type OnBehalfOfCredential = InstanceOf<'OnBehalfOfCredential'>;
export declare const AzurePipelinesCredential: Lazy['AzurePipelinesCredential'];
export type AzurePipelinesCredential = InstanceOf<'AzurePipelinesCredential'>;
export declare const AzureCliCredential: Lazy['AzureCliCredential'];
export type AzureCliCredential = InstanceOf<'AzureCliCredential'>;
export declare const AzurePowerShellCredential: Lazy['AzurePowerShellCredential'];
export type AzurePowerShellCredential = InstanceOf<'AzurePowerShellCredential'>;
export declare const AzureDeveloperCliCredential: Lazy['AzureDeveloperCliCredential'];
export type AzureDeveloperCliCredential = InstanceOf<'AzureDeveloperCliCredential'>;
export declare const SharedTokenCacheCredential: Lazy['SharedTokenCacheCredential'];
export type SharedTokenCacheCredential = InstanceOf<'SharedTokenCacheCredential'>;
export declare const VisualStudioCodeCredential: Lazy['VisualStudioCodeCredential'];
export type VisualStudioCodeCredential = InstanceOf<'VisualStudioCodeCredential'>;
export declare const persistentCachePath: Lazy['persistentCachePath'];
export declare const identityServiceDirectory: Lazy['identityServiceDirectory'];
export declare const DEFAULT_TOKEN_CACHE_NAME: Lazy['DEFAULT_TOKEN_CACHE_NAME'];
export declare const getBearerTokenProvider: Lazy['getBearerTokenProvider'];
export declare const logger: Lazy['logger'];
export declare const AzureLogger: Lazy['AzureLogger'];
export declare const setLogLevel: Lazy['setLogLevel'];
export declare const getLogLevel: Lazy['getLogLevel'];
export declare const useIdentityPlugin: Lazy['useIdentityPlugin'];

// The compiler keeps the getters and the declarations in step: a getter without a declaration above is an error here.
type Undeclared = Exclude<keyof Lazy, keyof typeof Entry>;
const inStep: [Undeclared] extends [never] ? true : Undeclared = true;
void inStep;

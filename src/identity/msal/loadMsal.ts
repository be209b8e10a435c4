// Loads @azure/msal-node and @azure/msal-node-extensions on first need, never at import time: requiring the
// library must stay cheap (issue #5), and the extension's activation bundle must not evaluate MSAL.
// This folder is the only place in the library that touches MSAL.
import type * as MsalNode from '@azure/msal-node' with { 'resolution-mode': 'import' };
import type * as MsalNodeExtensions from '@azure/msal-node-extensions' with { 'resolution-mode': 'import' };

export type MsalNodeModule = typeof MsalNode;
export type MsalNodeExtensionsModule = typeof MsalNodeExtensions;

// MSAL's types, re-exported so the rest of msal/ never names the package in a way that would load it.
export type MsalConfiguration = MsalNode.Configuration;
export type MsalAuthenticationResult = MsalNode.AuthenticationResult;
export type MsalAccountInfo = MsalNode.AccountInfo;
export type MsalPublicClientApplication = MsalNode.PublicClientApplication;
export type MsalConfidentialClientApplication = MsalNode.ConfidentialClientApplication;
export type MsalCachePlugin = MsalNode.ICachePlugin;
export type MsalLogLevel = MsalNode.LogLevel;
export type NetworkModule = MsalNode.INetworkModule;
export type NetworkRequestOptions = MsalNode.NetworkRequestOptions;
export type NetworkResponse<T> = MsalNode.NetworkResponse<T>;
export type MsalPersistence = MsalNodeExtensions.IPersistence;

let msalNode: Promise<MsalNodeModule> | undefined;
let msalNodeExtensions: Promise<MsalNodeExtensionsModule> | undefined;

export function loadMsalNode(): Promise<MsalNodeModule> {
  msalNode ??= import('@azure/msal-node');
  return msalNode;
}

export function loadMsalNodeExtensions(): Promise<MsalNodeExtensionsModule> {
  msalNodeExtensions ??= import('@azure/msal-node-extensions').catch((error: unknown) => {
    // A failed native load (keytar) must not stick: the next attempt may run where it works.
    msalNodeExtensions = undefined;
    throw error;
  });
  return msalNodeExtensions;
}

/** Whether MSAL has been asked for yet: lets tests prove that requiring the library does not load it. */
export function isMsalRequested(): boolean {
  return msalNode !== undefined || msalNodeExtensions !== undefined;
}

// Options of DeviceCodeCredential: the @azure/identity shape plus the reference's promptCallback and timeout.
import type { InteractiveCredentialOptions } from './interactiveCredentialOptions';

/** What the user needs to sign in on another device. */
export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  /** The authority's ready-made instruction, naming the URL and the code. */
  message: string;
  /** When the code stops working. */
  expiresOn: Date;
}

/** @azure/identity's callback shape. */
export type DeviceCodePromptCallback = (deviceCodeInfo: DeviceCodeInfo) => void;

export interface DeviceCodeCredentialOptions extends InteractiveCredentialOptions {
  /** The tenant to sign in to. Default `organizations`. */
  tenantId?: string;
  /** The application users sign in to. Default: the Azure development application (the Azure CLI's client id). */
  clientId?: string;
  /** Shows the code to the user (the @azure/identity shape). Default: the message is written to stdout. */
  userPromptCallback?: DeviceCodePromptCallback;
  /** Shows the code to the user (the reference's shape); used when `userPromptCallback` is not given. */
  promptCallback?: (verificationUri: string, userCode: string, expiresOn: Date) => void;
  /** Seconds to wait for the user; the code's own validity still prevails when shorter. */
  timeout?: number;
}

// useIdentityPlugin, for code written against @azure/identity: its plugins (@azure/identity-cache-persistence,
// @azure/identity-broker, @azure/identity-vscode) hand MSAL a cache plugin or a native broker. This library
// has persistence built in (tokenCachePersistenceOptions) and no broker, so a plugin is called with a context
// whose controls accept what it registers and say so in the log: persistence needs no plugin here.
import { createCredentialLogger } from './logger';

/** What @azure/identity hands a plugin (the same three controls). */
export interface AzurePluginContext {
  cachePluginControl: { setPersistence(persistenceFactory: (options?: unknown) => Promise<unknown>): void };
  nativeBrokerPluginControl: { setNativeBroker(broker: unknown): void };
  vsCodeCredentialControl: { setVSCodeAuthRecordPath(path: string): void; setVSCodeBroker(broker: unknown): void };
}

export type IdentityPlugin = (context: unknown) => void;

const pluginLogger = createCredentialLogger('useIdentityPlugin');

const context: AzurePluginContext = {
  cachePluginControl: {
    setPersistence: () => pluginLogger.info('A cache persistence plugin was registered; persistence is built in (tokenCachePersistenceOptions), so it is not needed.'),
  },
  nativeBrokerPluginControl: {
    setNativeBroker: () => pluginLogger.warning('A native broker plugin was registered; this library does not use brokers (WAM), so interactive sign-in uses the browser.'),
  },
  vsCodeCredentialControl: {
    setVSCodeAuthRecordPath: () => pluginLogger.info('The VS Code plugin was registered; VisualStudioCodeCredential gets its tokens from the Azure Identity extension instead.'),
    setVSCodeBroker: () => undefined,
  },
};

/** Runs an @azure/identity plugin against this library (see above for what each control does here). */
export function useIdentityPlugin(plugin: IdentityPlugin): void {
  if (typeof plugin !== 'function') throw new TypeError('useIdentityPlugin: plugin must be a function (an @azure/identity plugin module\'s export).');
  plugin(context);
}

// What other extensions get from our exports: the versions, the provider id, the handshake (requestApi) and the
// error guard. No token is reachable from here: tokens only come through an API delivered to a named extension.
import * as vscode from 'vscode';
import type { Account } from '../accounts/accountServiceContract';
import { createBoundApi, PROVIDER_ID, toApiAccount, type ApiAccountService } from './boundApi';
import { askForConsent } from './consentPrompt';
import type { AzureIdentityExtensionExports } from './contract';
import { isAzureIdentityError } from './errors';
import { ExtensionAccess } from './extensionAccess';
import { API_VERSIONS, createRequestApi } from './handshake';

export type { AzureIdentityExtensionExports } from './contract';

/** The remembered access of extensions to accounts, asked with the modal question. */
export function createExtensionAccess(context: vscode.ExtensionContext, logger: vscode.LogOutputChannel): ExtensionAccess {
  return new ExtensionAccess({
    memento: context.globalState,
    ask: async (question) => {
      const answer = await askForConsent(question);
      logger.info(`Extension access: ${question.extensionId} asked to use ${question.accountLabel} (for ${question.resourceName}); the answer was "${answer}".`);
      return answer;
    },
    warn: (message) => logger.warn(message),
  });
}

export interface ExtensionApiDependencies {
  readonly service: ApiAccountService;
  readonly access: ExtensionAccess;
  readonly logger: vscode.LogOutputChannel;
  /** Our own extension id (context.extension.id). */
  readonly ownExtensionId: string;
  resourceManagerEndpoint(account: Account): string;
}

export function createExtensionExports(deps: ExtensionApiDependencies): AzureIdentityExtensionExports {
  const requestApi = createRequestApi({
    getExtension: (id) => vscode.extensions.getExtension(id),
    ownExtensionId: deps.ownExtensionId,
    log: (message) => deps.logger.info(message),
    createApi: (client) =>
      createBoundApi(client, {
        service: deps.service,
        access: deps.access,
        resourceManagerEndpoint: deps.resourceManagerEndpoint,
        signIn: async () => {
          await vscode.commands.executeCommand('azureIdentity.signIn');
        },
      }),
  });
  return Object.freeze({
    apiVersions: API_VERSIONS,
    providerId: PROVIDER_ID,
    requestApi,
    isAzureIdentityError,
    getAccounts: async () => (await deps.service.getAccounts()).map(toApiAccount),
  });
}

// Azure Pipelines' OIDC token endpoint (SYSTEM_OIDCREQUESTURI), which a pipeline job calls to get the
// federated token of a service connection:
//   POST https://dev.azure.com/{org}/{project}/_apis/distributedtask/hubs/build/plans/{plan}/jobs/{job}/oidctoken
//        ?api-version=7.1&serviceConnectionId=<id>   with  Authorization: Bearer <System.AccessToken>
// → 200 {"oidcToken": "<JWT of the connection's issuer>"}. Errors use Azure DevOps' JSON shape.
import * as crypto from 'node:crypto';
import { newGuid } from '../encoding';
import { sendJson, type Exchange } from '../exchange';
import type { Handler } from './context';

/** Azure DevOps' error body ({$id, innerException, message, typeName, typeKey, errorCode, eventId}). */
export function devOpsErrorBody(message: string, typeKey: string): Record<string, unknown> {
  return {
    $id: '1',
    innerException: null,
    message,
    typeName: `Microsoft.TeamFoundation.DistributedTask.WebApi.${typeKey}, Microsoft.TeamFoundation.DistributedTask.WebApi`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  };
}

/** The diagnostic headers every Azure DevOps answer carries (the SDKs log them). */
export function devOpsHeaders(): Record<string, string> {
  return { 'x-vss-e2eid': newGuid(), 'x-msedge-ref': `Ref A: ${crypto.randomBytes(8).toString('hex').toUpperCase()}` };
}

function sameToken(sent: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(sent).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export const pipelinesOidc: Handler = (context, exchange: Exchange) => {
  const headers = devOpsHeaders();
  if (exchange.method !== 'POST') {
    sendJson(exchange, 405, devOpsErrorBody('The requested resource does not support http method \'GET\'.', 'HttpMethodNotAllowedException'), headers);
    return;
  }
  if (!exchange.query['api-version']) {
    sendJson(exchange, 400, devOpsErrorBody('No api-version was supplied for the "POST" request. The api-version must be supplied.', 'VssVersionNotSpecifiedException'), headers);
    return;
  }
  const connectionId = exchange.query.serviceConnectionId ?? '';
  const connection = connectionId ? context.state.federation.connection(connectionId) : undefined;
  const authorization = exchange.headers.authorization ?? '';
  const bearer = /^bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
  // Without a valid System.AccessToken the job is nobody: Azure DevOps answers 401 (no sign-in redirect,
  // since the SDKs send X-TFS-FedAuthRedirect: Suppress).
  if (!bearer || (connection && !sameToken(bearer, connection.systemAccessToken))) {
    sendJson(exchange, 401, devOpsErrorBody("TF400813: The user '' is not authorized to access this resource.", 'UnauthorizedRequestException'), headers);
    return;
  }
  if (!connection) {
    sendJson(exchange, 404, devOpsErrorBody(`Service connection with id '${connectionId}' was not found or you do not have permission to use it.`, 'ServiceEndpointNotFoundException'), headers);
    return;
  }
  sendJson(exchange, 200, { oidcToken: context.state.federation.pipelinesToken(connection) }, headers);
};

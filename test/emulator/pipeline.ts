// The request pipeline shared by both listeners: read the body, route, log, apply a fault if one
// matches, then run the endpoint, turning thrown Entra errors into Entra-shaped answers.
import type * as http from 'node:http';
import { armChallenge } from './endpoints/arm';
import { devOpsErrorBody, devOpsHeaders } from './endpoints/pipelines';
import type { Handler, HandlerContext } from './endpoints/context';
import { BadInputError } from './directory';
import { EntraErrorResponse, Errors, type EntraError } from './errors';
import { BodyTooLargeError, createExchange, readBody, send, sendEntraError, sendHtml, sendJson, type Exchange } from './exchange';
import { handleControlRequest, type EmulatorControl } from './control';
import { routeHttps, routeImds, type Route } from './routes';
import type { EndpointName, FaultAction } from './types';
import { rememberSecretFields } from './issuedSecrets';

const MANAGED_IDENTITY_ENDPOINTS = new Set<EndpointName>(['imds', 'appService', 'cloudShell', 'arc', 'machineLearning']);

export interface PipelineOptions {
  readonly context: HandlerContext;
  readonly control: EmulatorControl;
  readonly scheme: 'https' | 'http';
  /** host:port of the listener, used when a request has no usable Host header. */
  readonly listenerHost: string;
  readonly arcHandler: Handler;
  /** Resolves after `ms`, or with false when the emulator closes first. */
  readonly sleep: (ms: number) => Promise<boolean>;
}

function answerStatusFault(exchange: Exchange, endpoint: EndpointName, action: Extract<FaultAction, { type: 'status' }>): void {
  const headers: Record<string, string> = action.retryAfterSeconds !== undefined ? { 'Retry-After': String(action.retryAfterSeconds) } : {};
  const base: EntraError = action.status === 429 ? Errors.throttled() : action.status >= 500 ? Errors.serverError(action.status) : Errors.malformedRequest('Injected fault.');
  const error: EntraError = { ...base, status: action.status, error: action.error ?? base.error, message: action.errorDescription ?? base.message };
  if (MANAGED_IDENTITY_ENDPOINTS.has(endpoint)) {
    sendJson(exchange, action.status, { error: error.error, error_description: error.message }, headers);
  } else if (endpoint === 'arm') {
    sendJson(exchange, action.status, { error: { code: error.error, message: error.message } }, headers);
  } else if (endpoint === 'pipelinesOidc') {
    sendJson(exchange, action.status, devOpsErrorBody(error.message, 'VssServiceException'), { ...devOpsHeaders(), ...headers });
  } else {
    sendEntraError(exchange, error, headers);
  }
}

/** Applies a fault; true when the request should then be served normally (after a delay). */
async function applyFault(options: PipelineOptions, exchange: Exchange, route: Route, action: FaultAction): Promise<boolean> {
  switch (action.type) {
    case 'delay':
      return options.sleep(action.ms);
    case 'status':
      answerStatusFault(exchange, route.endpoint, action);
      return false;
    case 'drop':
      exchange.req.socket.destroy();
      return false;
    case 'hang':
      // Never answered; close() destroys the socket.
      return false;
    case 'html':
      sendHtml(exchange, action.status ?? 502, '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response from an upstream server.</p></body></html>');
      return false;
    case 'malformedJson':
      send(exchange, action.status ?? 200, 'application/json; charset=utf-8', '{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0eXAiOiJKV1Q', {});
      return false;
    case 'truncate': {
      // Promise a whole body, send part of it, then cut the connection.
      const { res } = exchange;
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '4096' });
      res.write('{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,', () => setImmediate(() => exchange.req.socket.destroy()));
      return false;
    }
    case 'claimsChallenge':
      if (route.endpoint === 'arm') {
        sendJson(exchange, 401, { error: { code: 'InvalidAuthenticationToken', message: 'The access token does not satisfy the claims the resource requires.' } },
          { 'WWW-Authenticate': armChallenge('insufficient_claims', 'A claims challenge is required.', action.claims) });
      } else {
        sendEntraError(exchange, Errors.interactionRequired(action.claims));
      }
      return false;
  }
}

async function runHandler(options: PipelineOptions, exchange: Exchange, handler: Handler): Promise<void> {
  try {
    await handler(options.context, exchange);
  } catch (error) {
    if (error instanceof EntraErrorResponse) {
      sendEntraError(exchange, error.entraError);
    } else if (error instanceof BadInputError) {
      sendJson(exchange, 400, { error: 'invalid_request', error_description: error.message });
    } else {
      // A defect in the emulator: say so loudly, but without request data (it may hold secrets).
      console.error(`[emulator] internal error on ${exchange.method} ${exchange.path}: ${error instanceof Error ? error.stack : String(error)}`);
      sendEntraError(exchange, { status: 500, error: 'server_error', code: 90033, message: 'The emulator failed to serve the request; see its stderr.' });
    }
  }
}

export function createRequestListener(options: PipelineOptions): http.RequestListener {
  const { state } = options.context;
  return (req, res) => {
    (async () => {
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLargeError && !res.headersSent) {
          res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' });
          res.end(JSON.stringify({ error: 'invalid_request', error_description: error.message }));
        } else {
          req.socket.destroy();
        }
        return;
      }
      let exchange: Exchange;
      try {
        exchange = createExchange(req, res, options.scheme, options.listenerHost, body);
      } catch {
        res.writeHead(400, { 'Content-Type': 'application/json', Connection: 'close' });
        res.end(JSON.stringify({ error: 'invalid_request', error_description: 'The request target is not a valid URL.' }));
        return;
      }
      const route = options.scheme === 'https' ? routeHttps(exchange) : routeImds(exchange, options.arcHandler);
      if (route === 'control') {
        handleControlRequest(options.control, exchange);
        return;
      }
      const clientId = exchange.form?.client_id ?? exchange.query.client_id;
      rememberSecretFields(exchange.form);
      const entry = state.log.add({
        time: new Date().toISOString(), method: exchange.method, host: exchange.host, path: exchange.path, endpoint: route.endpoint,
        tenant: route.tenant, query: exchange.query, headers: exchange.headers, form: exchange.form, clientId, status: undefined, fault: undefined,
      });
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
      const fault = state.faults.take(route.endpoint, clientId, route.tenant);
      if (fault) {
        entry.fault = fault.type;
        if (!(await applyFault(options, exchange, route, fault))) {
          return;
        }
      }
      if (!route.handler) {
        sendJson(exchange, 404, { error: 'not_found', error_description: `The emulator does not serve ${exchange.method} ${exchange.path}; see test/emulator/README.md.` });
        return;
      }
      await runHandler(options, exchange, route.handler);
    })().catch((error: unknown) => {
      // Last resort: an emulator defect must fail one request, never the process.
      console.error(`[emulator] internal error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json', Connection: 'close' });
        res.end(JSON.stringify({ error: 'server_error', error_description: 'The emulator failed to serve the request; see its stderr.' }));
      } else {
        req.socket.destroy();
      }
    });
  };
}

// Device code flow: POST /{tenant}/oauth2/v2.0/devicecode issues codes; a test approves or declines
// them through the control API, or a person through the /devicelogin page.
import * as crypto from 'node:crypto';
import { DEFAULT_USERNAME } from '../defaults';
import { BadInputError } from '../directory';
import { Errors, fail } from '../errors';
import { sendHtml, sendJson } from '../exchange';
import type { DeviceCodeRecord } from '../flows';
import { parseScopes } from '../scopes';
import type { EmulatorState } from '../state';
import { authenticateClient } from './clientAuth';
import type { Handler } from './context';
import { deviceLoginPage, messagePage } from './pages';

export const deviceCodeEndpoint: Handler = (context, exchange) => {
  if (exchange.method !== 'POST') {
    fail(Errors.postOnly());
  }
  const form = exchange.form ?? {};
  const { directory, flows, deviceCodeSettings } = context.state;
  const segment = exchange.segments[0];
  const selector = directory.resolveTenant(segment);
  if (selector.kind === 'consumers') {
    fail(Errors.consumersNotSupported());
  }
  const named = selector.kind === 'tenant' ? selector.tenant : undefined;
  const clientId = form.client_id;
  if (!clientId) {
    fail(Errors.missingParameter('client_id'));
  }
  const app = directory.requireAppInTenant(clientId, named, segment);
  authenticateClient(context, exchange, app, named, false);
  const scopes = parseScopes(form.scope, false);
  const record = flows.issueDeviceCode({
    clientId: app.clientId, tenantSegment: segment, scopes: scopes.raw, claims: form.claims,
    expiresAt: Date.now() + deviceCodeSettings.expiresInSeconds * 1000,
  });
  const verificationUri = `https://${exchange.host}/devicelogin`;
  sendJson(exchange, 200, {
    user_code: record.userCode,
    device_code: record.deviceCode,
    verification_uri: verificationUri,
    expires_in: deviceCodeSettings.expiresInSeconds,
    interval: deviceCodeSettings.intervalSeconds,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${record.userCode} to authenticate.`,
  });
};

function pendingRecord(state: EmulatorState, userCode: string): DeviceCodeRecord {
  const record = state.flows.deviceCodeByUserCode(userCode);
  if (!record) {
    throw new BadInputError(`No device code has the user code '${userCode}'.`);
  }
  if (record.state !== 'pending') {
    throw new BadInputError(`The device code '${record.userCode}' is ${record.state}, not pending.`);
  }
  return record;
}

/** Signs `username` (default: the default user) in for the device code, as a person at /devicelogin would. */
export function approveDeviceCode(state: EmulatorState, userCode: string, username = DEFAULT_USERNAME): void {
  const record = pendingRecord(state, userCode);
  const user = state.directory.user(username);
  if (!user) {
    throw new BadInputError(`username '${username}' is not a user of this emulator.`);
  }
  const selector = state.directory.resolveTenant(record.tenantSegment);
  const tenantId = selector.kind === 'tenant' ? selector.tenant.tenantId : user.tenantId;
  if (user.tenantId !== tenantId && !user.guestOf.includes(tenantId)) {
    throw new BadInputError(`${username} is not a member of tenant ${tenantId}.`);
  }
  record.state = 'approved';
  record.userObjectId = user.objectId;
  record.tenantId = tenantId;
}

export function declineDeviceCode(state: EmulatorState, userCode: string): void {
  pendingRecord(state, userCode).state = 'declined';
}

/** Makes the code expire now, so a test need not wait out expires_in. */
export function expireDeviceCode(state: EmulatorState, userCode: string): void {
  pendingRecord(state, userCode).state = 'expired';
}

/** GET shows the code form; POST signs in (or declines) for the code entered. */
export const deviceLogin: Handler = (context, exchange) => {
  const action = '/devicelogin';
  if (exchange.method !== 'POST' || !exchange.form) {
    sendHtml(exchange, 200, deviceLoginPage(action, { userCode: exchange.query.otc }));
    return;
  }
  const { otc = '', username = '', password = '', emulator_action: choice } = exchange.form;
  const state = context.state;
  const record = state.flows.deviceCodeByUserCode(otc);
  if (!record || record.state !== 'pending') {
    sendHtml(exchange, 200, deviceLoginPage(action, { userCode: otc, error: "AADSTS70018: That code didn't work. Check the code and try again." }));
    return;
  }
  if (choice === 'decline') {
    declineDeviceCode(state, otc);
    sendHtml(exchange, 200, messagePage('Sign-in declined', 'You have declined to sign in. You can close this window.'));
    return;
  }
  const user = state.directory.user(username);
  const passwordOk = user !== undefined && crypto.timingSafeEqual(
    crypto.createHash('sha256').update(password).digest(), crypto.createHash('sha256').update(user.password).digest());
  if (!user || !passwordOk) {
    sendHtml(exchange, 200, deviceLoginPage(action, { userCode: otc, error: 'AADSTS50126: Your account or password is incorrect.' }));
    return;
  }
  try {
    approveDeviceCode(state, otc, user.username);
  } catch (error) {
    if (error instanceof BadInputError) {
      sendHtml(exchange, 200, deviceLoginPage(action, { userCode: otc, error: error.message }));
      return;
    }
    throw error;
  }
  sendHtml(exchange, 200, messagePage('You have signed in', 'You have signed in to the application on your device. You may now close this window.'));
};

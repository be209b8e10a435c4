// The emulated directory: tenants, subscriptions, app registrations, users and managed identities, and
// how a tenant path segment or a client id resolves against them (with Entra's errors when it does not).
import { certificateDer, thumbprints } from './certificates';
import { newGuid, isGuid } from './encoding';
import { Errors, fail } from './errors';
import type { App, AppInput, AppSummary, ManagedIdentityConfig, RegisteredCertificate, Subscription, SubscriptionInput, Tenant, TenantInput, User, UserInput, UserSummary } from './types';
import * as crypto from 'node:crypto';
import { rememberSecret } from './issuedSecrets';

/** What a tenant path segment means. */
export type TenantSelector =
  | { kind: 'tenant'; tenant: Tenant }
  | { kind: 'organizations' | 'common' | 'consumers' };

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;
const TENANT_SEGMENT = /^[a-z0-9.-]{1,256}$/i;

export class BadInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadInputError';
  }
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadInputError(`${name} must be a non-empty string.`);
  }
  return value;
}

function optionalGuid(value: unknown, name: string): string {
  if (value === undefined) {
    return newGuid();
  }
  if (typeof value !== 'string' || !isGuid(value)) {
    throw new BadInputError(`${name} must be a GUID such as ${newGuid()}.`);
  }
  return value.toLowerCase();
}

function stringArray(value: unknown, name: string): string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new BadInputError(`${name} must be an array of strings.`);
  }
  return [...value] as string[];
}

function registerCertificate(pem: string): RegisteredCertificate {
  let der: Buffer;
  try {
    der = certificateDer(pem);
  } catch {
    throw new BadInputError('certificates must hold PEM certificates ("-----BEGIN CERTIFICATE-----").');
  }
  const prints = thumbprints(pem);
  return { pem, x5t: prints.x5t, x5tS256: prints.x5tS256, subject: new crypto.X509Certificate(der).subject };
}

export class Directory {
  private readonly tenants = new Map<string, Tenant>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly apps = new Map<string, App>();
  private readonly users = new Map<string, User>();
  managedIdentities: ManagedIdentityConfig = { systemAssigned: false, userAssigned: [] };

  clear(): void {
    this.tenants.clear();
    this.subscriptions.clear();
    this.apps.clear();
    this.users.clear();
    this.managedIdentities = { systemAssigned: false, userAssigned: [] };
  }

  addTenant(input: TenantInput): Tenant {
    const domain = requireString(input?.domain, 'domain').toLowerCase();
    if (!DOMAIN.test(domain)) {
      throw new BadInputError(`domain '${domain}' is not a DNS name such as fabrikam.onmicrosoft.com.`);
    }
    const tenant: Tenant = {
      tenantId: optionalGuid(input.tenantId, 'tenantId'),
      domain,
      displayName: input.displayName ?? domain.split('.')[0],
    };
    const clash = [...this.tenants.values()].find((t) => t.domain === domain && t.tenantId !== tenant.tenantId);
    if (clash) {
      throw new BadInputError(`domain '${domain}' already belongs to tenant ${clash.tenantId}.`);
    }
    this.tenants.set(tenant.tenantId, tenant);
    return tenant;
  }

  addSubscription(input: SubscriptionInput): Subscription {
    const tenant = this.requireTenant(input?.tenantId);
    const subscriptionId = optionalGuid(input.subscriptionId, 'subscriptionId');
    const subscription: Subscription = { subscriptionId, tenantId: tenant.tenantId, displayName: input.displayName ?? `Subscription ${subscriptionId.slice(0, 8)}` };
    this.subscriptions.set(subscriptionId, subscription);
    return subscription;
  }

  addApp(input: AppInput): App {
    const tenant = this.requireTenant(input?.tenantId);
    const lifetime = input.tokenLifetime;
    if (lifetime !== undefined && !(Number.isInteger(lifetime.expiresInSeconds) && lifetime.expiresInSeconds > 0)) {
      throw new BadInputError('tokenLifetime.expiresInSeconds must be a positive integer.');
    }
    const app: App = {
      clientId: optionalGuid(input.clientId, 'clientId'),
      tenantId: tenant.tenantId,
      displayName: input.displayName ?? 'Emulator app',
      servicePrincipalId: newGuid(),
      secrets: stringArray(input.secrets, 'secrets'),
      certificates: stringArray(input.certificates, 'certificates').map(registerCertificate),
      redirectUris: stringArray(input.redirectUris, 'redirectUris'),
      publicClient: input.publicClient === true,
      anyTenant: input.anyTenant === true,
      familyId: input.familyId,
      roles: stringArray(input.roles, 'roles'),
      tokenLifetime: lifetime,
    };
    app.secrets.forEach(rememberSecret);
    this.apps.set(app.clientId, app);
    return app;
  }

  addUser(input: UserInput): User {
    const username = requireString(input?.username, 'username').toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(username)) {
      throw new BadInputError(`username '${username}' must look like name@domain.`);
    }
    const password = requireString(input.password, 'password');
    rememberSecret(password);
    const home = input.tenantId === undefined ? this.tenantForDomain(username.split('@')[1]) : this.requireTenant(input.tenantId);
    if (!home) {
      throw new BadInputError(`No tenant owns the domain of '${username}'; pass tenantId.`);
    }
    const guestOf = stringArray(input.guestOf, 'guestOf').map((id) => this.requireTenant(id).tenantId);
    const user: User = {
      username, password, tenantId: home.tenantId, guestOf,
      displayName: input.displayName ?? username.split('@')[0],
      objectId: optionalGuid(input.objectId, 'objectId'),
    };
    this.users.set(username, user);
    return user;
  }

  setManagedIdentities(config: ManagedIdentityConfig): ManagedIdentityConfig {
    if (typeof config?.systemAssigned !== 'boolean' || !Array.isArray(config.userAssigned)) {
      throw new BadInputError('managed identities must be {systemAssigned: boolean, userAssigned: [{clientId, objectId, resourceId}]}.');
    }
    const userAssigned = config.userAssigned.map((identity) => ({
      clientId: optionalGuid(identity?.clientId, 'userAssigned[].clientId'),
      objectId: optionalGuid(identity?.objectId, 'userAssigned[].objectId'),
      resourceId: requireString(identity?.resourceId, 'userAssigned[].resourceId'),
    }));
    this.managedIdentities = { systemAssigned: config.systemAssigned, userAssigned };
    return this.managedIdentities;
  }

  private requireTenant(tenantId: unknown): Tenant {
    const tenant = typeof tenantId === 'string' ? this.tenants.get(tenantId.toLowerCase()) : undefined;
    if (!tenant) {
      throw new BadInputError(`tenantId '${String(tenantId)}' is not a tenant of this emulator; add it with addTenant first.`);
    }
    return tenant;
  }

  tenantById(tenantId: string): Tenant | undefined {
    return this.tenants.get(tenantId.toLowerCase());
  }

  tenantForDomain(domain: string): Tenant | undefined {
    const lower = domain.toLowerCase();
    return [...this.tenants.values()].find((tenant) => tenant.domain === lower);
  }

  /** Resolves the first path segment of an Entra URL, failing the way Entra does. */
  resolveTenant(segment: string): TenantSelector {
    const lower = segment.toLowerCase();
    if (lower === 'organizations' || lower === 'common' || lower === 'consumers') {
      return { kind: lower };
    }
    if (!TENANT_SEGMENT.test(segment) || (!isGuid(segment) && !DOMAIN.test(segment))) {
      fail(Errors.invalidTenantName(segment));
    }
    const tenant = isGuid(segment) ? this.tenants.get(lower) : this.tenantForDomain(lower);
    if (!tenant) {
      fail(Errors.tenantNotFound(segment));
    }
    return { kind: 'tenant', tenant };
  }

  app(clientId: string): App | undefined {
    return this.apps.get(clientId.toLowerCase());
  }

  /** The app `clientId` as seen from `tenant`; Entra's 700016 when it is not there. */
  requireAppInTenant(clientId: string, tenant: Tenant | undefined, tenantSegment: string): App {
    const app = this.apps.get(clientId.toLowerCase());
    if (!app || (tenant && !app.anyTenant && app.tenantId !== tenant.tenantId)) {
      fail(Errors.appNotFound(clientId, tenant?.tenantId ?? tenantSegment));
    }
    return app;
  }

  user(username: string): User | undefined {
    return this.users.get(username.toLowerCase());
  }

  userById(objectId: string): User | undefined {
    return [...this.users.values()].find((user) => user.objectId === objectId);
  }

  /** Tenants a user may sign in to: home first, then guest tenants. */
  tenantsOfUser(user: User): Tenant[] {
    return [user.tenantId, ...user.guestOf].map((id) => this.tenants.get(id)).filter((t): t is Tenant => t !== undefined);
  }

  subscriptionsOfTenant(tenantId: string): Subscription[] {
    return [...this.subscriptions.values()].filter((s) => s.tenantId === tenantId);
  }

  subscription(subscriptionId: string): Subscription | undefined {
    return this.subscriptions.get(subscriptionId.toLowerCase());
  }

  listTenants(): Tenant[] {
    return [...this.tenants.values()];
  }

  listSubscriptions(): Subscription[] {
    return [...this.subscriptions.values()];
  }

  listApps(): AppSummary[] {
    return [...this.apps.values()].map(summarizeApp);
  }

  listUsers(): UserSummary[] {
    return [...this.users.values()].map(summarizeUser);
  }
}

export function summarizeApp(app: App): AppSummary {
  return {
    clientId: app.clientId, tenantId: app.tenantId, displayName: app.displayName, servicePrincipalId: app.servicePrincipalId,
    secretCount: app.secrets.length, certificateThumbprints: app.certificates.map((c) => c.x5tS256),
    redirectUris: app.redirectUris, publicClient: app.publicClient, anyTenant: app.anyTenant, familyId: app.familyId,
  };
}

export function summarizeUser(user: User): UserSummary {
  return { username: user.username, tenantId: user.tenantId, guestOf: user.guestOf, displayName: user.displayName, objectId: user.objectId };
}

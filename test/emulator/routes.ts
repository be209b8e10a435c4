// Which endpoint a request is for: the path table of the HTTPS (Entra, ARM, control) and plain-HTTP
// (managed identity) listeners.
import type { Handler } from './endpoints/context';
import { arm } from './endpoints/arm';
import { authorize } from './endpoints/authorize';
import { deviceCodeEndpoint, deviceLogin } from './endpoints/deviceCode';
import { instanceDiscovery, jwks, openIdConfiguration, userRealm } from './endpoints/discovery';
import { appService, cloudShell, imds, machineLearning } from './endpoints/managedIdentity';
import { pipelinesOidc } from './endpoints/pipelines';
import { token } from './endpoints/token';
import type { Exchange } from './exchange';
import type { EndpointName } from './types';

export interface Route {
  readonly endpoint: EndpointName;
  /** The tenant path segment, for Entra endpoints. */
  readonly tenant: string | undefined;
  readonly handler: Handler | undefined;
}

const ARM_HOSTS = new Set(['management.azure.com', 'management.core.windows.net', 'management.chinacloudapi.cn', 'management.usgovcloudapi.net']);
const ARM_ROOTS = new Set(['subscriptions', 'tenants', 'providers', 'metadata']);

function entra(endpoint: EndpointName, tenant: string, handler: Handler): Route {
  return { endpoint, tenant, handler };
}

/** Routes an HTTPS request; 'control' for the control API under /_emulator. */
export function routeHttps(exchange: Exchange): Route | 'control' {
  const s = exchange.segments.map((segment) => segment.toLowerCase());
  if (s[0] === '_emulator') {
    return 'control';
  }
  if (s.length === 1 && s[0] === 'devicelogin') {
    return { endpoint: 'deviceLogin', tenant: undefined, handler: deviceLogin };
  }
  // {org}/{project}/_apis/distributedtask/hubs/build/plans/{plan}/jobs/{job}/oidctoken (Azure Pipelines)
  if (s.length === 11 && s[2] === '_apis' && s[3] === 'distributedtask' && s[8] === 'jobs' && s[10] === 'oidctoken') {
    return { endpoint: 'pipelinesOidc', tenant: undefined, handler: pipelinesOidc };
  }
  if (ARM_HOSTS.has(exchange.host.replace(/:\d+$/, '')) || (s[0] !== undefined && ARM_ROOTS.has(s[0]))) {
    return { endpoint: 'arm', tenant: undefined, handler: arm };
  }
  const tenant = exchange.segments[0];
  const rest = s.slice(1).join('/');
  switch (rest) {
    case 'v2.0/.well-known/openid-configuration':
    case '.well-known/openid-configuration':
      return entra('discovery', tenant, openIdConfiguration);
    case 'discovery/instance':
      return entra('instanceDiscovery', tenant, instanceDiscovery);
    case 'discovery/keys':
    case 'discovery/v2.0/keys':
      return entra('jwks', tenant, jwks);
    case 'oauth2/v2.0/token':
      return entra('token', tenant, token);
    case 'oauth2/v2.0/devicecode':
      return entra('devicecode', tenant, deviceCodeEndpoint);
    case 'oauth2/v2.0/authorize':
      return entra('authorize', tenant, authorize);
  }
  if (s.length === 3 && s[1] === 'userrealm') {
    return entra('userRealm', tenant, userRealm);
  }
  return { endpoint: 'unknown', tenant: undefined, handler: undefined };
}

/** Routes a plain-HTTP (managed identity) request. The Arc handler is per instance, so it is passed in. */
export function routeImds(exchange: Exchange, arcHandler: Handler): Route {
  const path = exchange.segments.join('/').toLowerCase();
  switch (path) {
    case 'metadata/identity/oauth2/token':
      return { endpoint: 'imds', tenant: undefined, handler: imds };
    case 'arc/metadata/identity/oauth2/token':
      return { endpoint: 'arc', tenant: undefined, handler: arcHandler };
    case 'msi/token':
      return { endpoint: 'appService', tenant: undefined, handler: appService };
    case 'oauth2/token':
      return { endpoint: 'cloudShell', tenant: undefined, handler: cloudShell };
    case 'msi/auth':
      return { endpoint: 'machineLearning', tenant: undefined, handler: machineLearning };
  }
  return { endpoint: 'unknown', tenant: undefined, handler: undefined };
}

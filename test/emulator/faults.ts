// Injected faults: which request a fault applies to, and how many more times it will.
import { BadInputError } from './directory';
import { FAULTABLE_ENDPOINTS, type EndpointName, type Fault, type FaultAction, type FaultInput } from './types';

interface StoredFault extends FaultInput {
  id: number;
  hits: number;
}

function validateAction(action: FaultAction | undefined): FaultAction {
  switch (action?.type) {
    case 'delay':
      if (!(Number.isFinite(action.ms) && action.ms >= 0)) {
        throw new BadInputError('a delay fault needs ms >= 0.');
      }
      return { type: 'delay', ms: action.ms };
    case 'status':
      if (!(Number.isInteger(action.status) && action.status >= 100 && action.status <= 599)) {
        throw new BadInputError('a status fault needs an HTTP status between 100 and 599.');
      }
      if (action.retryAfterSeconds !== undefined && !(Number.isFinite(action.retryAfterSeconds) && action.retryAfterSeconds >= 0)) {
        throw new BadInputError('retryAfterSeconds must be a number >= 0.');
      }
      return { ...action };
    case 'drop':
    case 'hang':
    case 'truncate':
      return { type: action.type };
    case 'html':
    case 'malformedJson':
      if (action.status !== undefined && !(Number.isInteger(action.status) && action.status >= 100 && action.status <= 599)) {
        throw new BadInputError(`a ${action.type} fault's status must be an HTTP status between 100 and 599.`);
      }
      return { type: action.type, ...(action.status !== undefined ? { status: action.status } : {}) };
    case 'claimsChallenge':
      if (typeof action.claims !== 'string' || action.claims === '') {
        throw new BadInputError('a claimsChallenge fault needs claims, a JSON string such as {"access_token":{"acrs":{"essential":true,"value":"c1"}}}.');
      }
      return { type: 'claimsChallenge', claims: action.claims };
    default:
      throw new BadInputError("a fault's action.type must be one of delay, status, drop, hang, html, malformedJson, truncate, claimsChallenge.");
  }
}

export class FaultStore {
  private faults: StoredFault[] = [];
  private nextId = 1;

  add(input: FaultInput): Fault {
    if (!FAULTABLE_ENDPOINTS.includes(input?.endpoint)) {
      throw new BadInputError(`a fault's endpoint must be one of ${FAULTABLE_ENDPOINTS.join(', ')}.`);
    }
    const times = input.times ?? 1;
    if (!(Number.isInteger(times) && times >= 0)) {
      throw new BadInputError('times must be an integer >= 0 (0 means until cleared).');
    }
    const fault: StoredFault = {
      id: this.nextId++, hits: 0, endpoint: input.endpoint, times, action: validateAction(input.action),
      ...(input.clientId !== undefined ? { clientId: input.clientId } : {}),
      ...(input.tenant !== undefined ? { tenant: input.tenant } : {}),
    };
    this.faults.push(fault);
    return { ...fault };
  }

  /** The first fault matching the request, counted as used; undefined when none applies. */
  take(endpoint: EndpointName, clientId: string | undefined, tenant: string | undefined): FaultAction | undefined {
    const fault = this.faults.find((candidate) =>
      (candidate.endpoint === '*' || candidate.endpoint === endpoint) &&
      (candidate.clientId === undefined || candidate.clientId.toLowerCase() === clientId?.toLowerCase()) &&
      (candidate.tenant === undefined || candidate.tenant.toLowerCase() === tenant?.toLowerCase()));
    if (!fault) {
      return undefined;
    }
    fault.hits++;
    if (fault.times !== 0 && fault.hits >= (fault.times ?? 1)) {
      this.faults = this.faults.filter((candidate) => candidate !== fault);
    }
    return fault.action;
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }
}

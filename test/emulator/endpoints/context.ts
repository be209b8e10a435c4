// What every endpoint handler gets besides the request: the emulator's state and where it listens.
import type { Exchange } from '../exchange';
import type { EmulatorState } from '../state';

export interface HandlerContext {
  readonly state: EmulatorState;
  /** Host names and addresses the HTTPS certificate covers; instance discovery accepts these. */
  readonly serverNames: readonly string[];
  /** 'https://127.0.0.1:<port>' */
  readonly url: string;
}

export type Handler = (context: HandlerContext, exchange: Exchange) => void | Promise<void>;

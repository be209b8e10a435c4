import type { Stats } from '../harness';
import type { IdentityLibrary, LibraryName } from '../libraries';

export interface ScenarioContext {
  readonly lib: IdentityLibrary;
  readonly libName: LibraryName;
  /** One short pass, so `npm test` proves the script still runs; its figures mean nothing. */
  readonly quick: boolean;
}

export interface Measure {
  /** Stable id that pairs our measure with the peer's. */
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly value: Stats;
  /**
   * The column the measure belongs to, when a scenario measures both sides itself (interleaved, so a busy
   * machine weighs on both alike); default: the library the child ran.
   */
  readonly side?: LibraryName;
  /** Set where a larger value is the better one (requests per second): the ratio is then ours over the peer's. */
  readonly higherIsBetter?: boolean;
  /** Extra figures shown beside the value (e.g. wall time of a concurrency run). */
  readonly notes?: Record<string, number | string>;
}

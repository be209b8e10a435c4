// The time seam: token expiry, refresh scheduling and back-off all read time through a Clock so that tests
// and benchmarks can move time without waiting, and never by mocking the code under test.

/** A cancellable timer handle. */
export interface ClockTimer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the UNIX epoch. */
  now(): number;
  /** Runs `callback` after `ms`; the timer never keeps the process alive on its own. */
  setTimeout(callback: () => void, ms: number): ClockTimer;
}

/** The real clock. */
export const systemClock: Clock = {
  now: Date.now,
  setTimeout(callback: () => void, ms: number): ClockTimer {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

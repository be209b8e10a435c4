// A clock the test moves by hand, so refresh and expiry are tested without waiting.
import type { Clock, ClockTimer } from '../../../../src/identity/clock';

export class FakeClock implements Clock {
  private current: number;
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): ClockTimer {
    const timer = { at: this.current + ms, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Moves time forward, running the timers that come due. */
  advance(ms: number): void {
    this.current += ms;
    const due = this.timers.filter((t) => !t.cancelled && t.at <= this.current);
    this.timers = this.timers.filter((t) => !due.includes(t));
    for (const timer of due) timer.callback();
  }

  /** Moves time to an absolute timestamp. */
  setTo(timestamp: number): void {
    this.advance(timestamp - this.current);
  }
}

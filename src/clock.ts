// One injectable clock. It can start at a chosen instant (BOT_NOW, rehearsals, the demo) and then runs on in real time.
export interface Clock {
  now(): number;
}

export class ShiftableClock implements Clock {
  private offset: number;
  private readonly real: () => number;
  constructor(startAt?: number, real: () => number = Date.now) {
    this.real = real;
    this.offset = startAt === undefined ? 0 : startAt - real();
  }
  now(): number {
    return this.real() + this.offset;
  }
  /** Moves the clock to `instant`; it keeps running from there. */
  set(instant: number): void {
    this.offset = instant - this.real();
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export const systemClock: Clock = { now: () => Date.now() };

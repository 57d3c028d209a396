// Event side of the emulator: typed EventEmitter with a derived 'change' event, listener isolation and holding.
import { EventEmitter } from 'node:events';
import type { EmulatorEvents, EventName } from './types.ts';

export class EmulatorEmitter extends EventEmitter<EmulatorEvents> {
  private held: Array<() => void> = [];
  private holdDepth = 0;

  constructor() {
    super();
    this.setMaxListeners(200);
  }

  /** Queue events until releaseEvents() (nestable), so a request's effects and its call log appear together. */
  holdEvents(): void {
    this.holdDepth++;
  }

  releaseEvents(): void {
    this.holdDepth = Math.max(0, this.holdDepth - 1);
    if (this.holdDepth > 0) return;
    const queued = this.held;
    this.held = [];
    for (const fire of queued) fire();
  }

  /** Emit an event and then 'change'; a throwing listener is logged, never propagated into the Bot API. */
  protected notify<K extends EventName>(event: K, ...args: EmulatorEvents[K]): void {
    if (this.holdDepth > 0) {
      this.held.push(() => this.notify(event, ...args));
      return;
    }
    for (const [name, params] of [[event, args], ['change', []]] as const) {
      if (name === 'change' && event === 'change') continue;
      try {
        (this.emit as (n: string, ...a: unknown[]) => boolean)(name, ...params);
      } catch (e) {
        console.error(`[emulator] a '${name}' listener threw:`, e);
      }
    }
  }
}

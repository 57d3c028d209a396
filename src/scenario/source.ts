// Holds the live scenario; later reloads swap it atomically and notify listeners.
import type { Scenario } from "./load.ts";
import type { Visit } from "../domain/visit.ts";

export interface ScenarioSource {
  readonly current: Scenario;
  readonly visit: Visit;
  /** Bumped on every swap, so views can tell a stale keyboard. */
  readonly version: number;
  replace(next: Scenario): void;
  onChange(listener: (next: Scenario, previous: Scenario) => void): () => void;
}

export function scenarioSource(initial: Scenario): ScenarioSource {
  let current = initial;
  let version = 1;
  const listeners = new Set<(next: Scenario, previous: Scenario) => void>();
  return {
    get current() {
      return current;
    },
    get visit() {
      return current.visit;
    },
    get version() {
      return version;
    },
    replace(next) {
      const previous = current;
      current = next;
      version++;
      for (const l of listeners) l(next, previous);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

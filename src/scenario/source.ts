// Holds the live programme: the loaded scenario with the organizers' changes on top. Swaps are atomic
// and listeners (retrieval index, reminders) hear of every one.
import type { Scenario } from "./load.ts";
import type { Visit } from "../domain/visit.ts";
import { applyOverrides, type Overrides } from "../domain/changes.ts";

export interface ScenarioSource {
  /** The scenario as loaded from its files, without the organizers' changes. */
  readonly base: Scenario;
  /** The scenario as it stands (documents, and the visit with changes applied). */
  readonly current: Scenario;
  readonly visit: Visit;
  readonly overrides: Overrides;
  /** Bumped on every swap, so views can tell a stale keyboard. */
  readonly version: number;
  replace(next: Scenario, overrides?: Overrides): void;
  setOverrides(overrides: Overrides): void;
  onChange(listener: (next: Scenario, previous: Scenario) => void): () => void;
}

export function scenarioSource(initial: Scenario, initialOverrides: Overrides = {}): ScenarioSource {
  let base = initial;
  let overrides = initialOverrides;
  let current = withOverrides(base, overrides);
  let version = 1;
  const listeners = new Set<(next: Scenario, previous: Scenario) => void>();
  const swap = () => {
    const previous = current;
    current = withOverrides(base, overrides);
    version++;
    for (const l of listeners) l(current, previous);
  };
  return {
    get base() {
      return base;
    },
    get current() {
      return current;
    },
    get visit() {
      return current.visit;
    },
    get overrides() {
      return overrides;
    },
    get version() {
      return version;
    },
    replace(next, nextOverrides = overrides) {
      base = next;
      overrides = nextOverrides;
      swap();
    },
    setOverrides(next) {
      overrides = next;
      swap();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function withOverrides(scenario: Scenario, overrides: Overrides): Scenario {
  return { ...scenario, visit: applyOverrides(scenario.visit, overrides) };
}

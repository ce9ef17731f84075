// What a scenario is: a name, the method text the report shows, and a run that emits result lines.
import type { BenchRecord } from './stats';

/** What a scenario gets from the runner. */
export interface ScenarioContext {
  /** The smaller, under-a-minute variant. */
  readonly quick: boolean;
  /** Prints one result line and keeps it for the report. */
  emit(record: BenchRecord): void;
  /** Progress text on stderr. */
  log(message: string): void;
}

/** One benchmark scenario. */
export interface Scenario {
  readonly name: string;
  /** How it is measured, one paragraph of Markdown for docs/benchmarks.md. */
  readonly method: string;
  run(ctx: ScenarioContext): Promise<void>;
}

/** One size of a translation scenario: the config size, its target and how many samples to take. */
export interface TranslationCase {
  virtualServices: number;
  targetMs: number;
  iterations: number;
  timeMs: number;
}

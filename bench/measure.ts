// In-process timings with tinybench: warm up, then sample a function until both a minimum count and a time budget are met.
import { Bench } from 'tinybench';

/** How long and how often to sample. */
export interface MeasureOptions {
  /** Minimum samples. */
  iterations: number;
  /** Minimum total sampled time in ms (0: the count alone decides). */
  timeMs: number;
  /** Unmeasured runs first (default 1). */
  warmupIterations?: number;
  /** Runs before each call, outside the measured time (warm-up calls included). */
  beforeEach?: () => void;
}

/** The duration of each measured call of fn, in ms. */
export async function measure(name: string, fn: () => unknown, o: MeasureOptions): Promise<number[]> {
  const warmups = o.warmupIterations ?? 1;
  const bench = new Bench({
    iterations: o.iterations, time: o.timeMs, warmup: warmups > 0, warmupIterations: warmups, warmupTime: 0, retainSamples: true, throws: true,
  });
  bench.add(name, fn, o.beforeEach ? { beforeEach: o.beforeEach } : {});
  await bench.run();
  const result = bench.getTask(name)!.result;
  if (result.state !== 'completed') throw new Error(`${name}: ${result.state === 'errored' ? result.error.message : result.state}`);
  return [...(result.latency.samples ?? [])];
}

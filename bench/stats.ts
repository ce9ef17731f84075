// Order statistics of timing samples and the one-line JSON record every scenario prints.

/** One result line: a scenario at one size, with figures named by their unit. */
export interface BenchRecord {
  name: string;
  size: string;
  median_ms?: number;
  p90_ms?: number;
  p99_ms?: number;
  max_ms?: number;
  samples?: number;
  bytes?: number;
  rss_mb?: number;
  cpu_ms?: number;
  /** Further figures, each named by its unit (e.g. `sotw_bytes`, `cpu_pct`, `heap_mb`). */
  [figure: string]: number | string | boolean | undefined;
  target: string;
  met: boolean;
}

/** Median, p90, p99 and max of a set of samples in ms. */
export interface Summary {
  median_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  samples: number;
}

/** The p-th percentile (0..100) of ascending samples, interpolating linearly between order statistics. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Summarizes samples (any order) in ms, rounded for printing. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median_ms: round(percentile(sorted, 50)),
    p90_ms: round(percentile(sorted, 90)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
    samples: sorted.length,
  };
}

/** Rounds to 3 significant decimals for small values and to 0.1 for large ones. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Bytes as MB (2^20), rounded to 0.1. */
export function toMb(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

/** Puts name, size and figures first and target/met last, the order every line is printed in. */
export function orderRecord(r: BenchRecord): BenchRecord {
  const { name, size, target, met, ...figures } = r;
  const known = ['median_ms', 'p90_ms', 'p99_ms', 'max_ms', 'samples', 'lower_bound_ms', 'ratio', 'bytes', 'rss_mb', 'cpu_ms'];
  const out: Record<string, unknown> = { name, size };
  for (const k of known) if (figures[k] !== undefined) out[k] = figures[k];
  for (const [k, v] of Object.entries(figures)) if (!known.includes(k) && v !== undefined) out[k] = v;
  out.target = target;
  out.met = met;
  return out as BenchRecord;
}

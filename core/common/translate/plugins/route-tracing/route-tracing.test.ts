import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { routeOptionIssues } from '../run-plugins';
import { perMillion } from './route-tracing';

describe('route tracing', () => {
  it('turns percentages into per-million fractions as Gloo does, in 32-bit floats', () => {
    expect(perMillion(100)).toEqual({ numerator: 1_000_000, denominator: 'MILLION' });
    expect(perMillion(12.5)).toEqual({ numerator: 125_000, denominator: 'MILLION' });
    expect(perMillion(0.1).numerator).toBe(1000);
  });

  it('rejects a share outside 0 to 100', () => {
    expect(routeOptionIssues({ tracing: { tracePercentages: { overallSamplePercentage: 101 } } }, 'forward', re2FallbackValidator).map((i) => i.message)).toEqual(['options.tracing.tracePercentages.overallSamplePercentage 101 is not between 0 and 100']);
  });
});

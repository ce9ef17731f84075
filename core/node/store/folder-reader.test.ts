// What counts as a file modified just now.
import { describe, expect, it } from 'vitest';
import { modifiedWithin } from './folder-reader';

describe('modifiedWithin', () => {
  it('a file modified within the settle time is recent, one modified earlier is not', () => {
    expect(modifiedWithin(0, 50)).toBe(true);
    expect(modifiedWithin(49.9, 50)).toBe(true);
    expect(modifiedWithin(50, 50)).toBe(false);
  });

  it('a modification time a fraction of a millisecond ahead of Date.now() (which drops the fraction) is recent; a file dated in the future is settled', () => {
    expect(modifiedWithin(-0.7, 50)).toBe(true);
    expect(modifiedWithin(-3_600_000, 50)).toBe(false);
  });
});

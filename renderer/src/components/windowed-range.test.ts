import { describe, expect, it } from 'vitest';
import { nextIndex, visibleRange } from './windowed-range';

describe('visibleRange', () => {
  it('renders only the rows on screen plus overscan for a 10,000-row list', () => {
    const r = visibleRange(50_000, 600, 25, 10_000, 5);
    expect(r).toEqual({ start: 1995, end: 2030 });
    expect(r.end - r.start).toBeLessThan(50);
  });

  it('clamps at both ends and handles empty lists', () => {
    expect(visibleRange(0, 600, 25, 10, 5)).toEqual({ start: 0, end: 10 });
    expect(visibleRange(-40, 600, 25, 1000, 5)).toEqual({ start: 0, end: 30 });
    expect(visibleRange(1e9, 600, 25, 100, 5).end).toBe(100);
    expect(visibleRange(0, 600, 25, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('nextIndex', () => {
  it('moves one row with the arrows, a page with Page Up/Down, to the ends with Home/End, and stays inside', () => {
    expect(nextIndex('ArrowDown', 3, 10, 4)).toBe(4);
    expect(nextIndex('ArrowUp', 0, 10, 4)).toBe(0);
    expect(nextIndex('PageDown', 8, 10, 4)).toBe(9);
    expect(nextIndex('PageUp', 5, 10, 4)).toBe(1);
    expect(nextIndex('Home', 5, 10, 4)).toBe(0);
    expect(nextIndex('End', 5, 10, 4)).toBe(9);
    expect(nextIndex('a', 5, 10, 4)).toBeUndefined();
    expect(nextIndex('ArrowDown', 0, 0, 4)).toBeUndefined();
  });
});

import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectWhenIdle, worthCollecting } from './idle-memory';

const MB = 1024 * 1024;

// The idle window is timed with fake timers: each step moves the clock by exactly the given time, so what the tests
// see does not depend on how busy the machine is.
describe('collectWhenIdle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('collects once after a burst of activity settles, however many activities the burst had', () => {
    for (let round = 0; round < 3; round++) {
      const idle = collectWhenIdle({ idleMs: 30, worthIt: () => true });
      for (let i = 0; i < 5; i++) {
        idle.activity();
        vi.advanceTimersByTime(20);
      }
      expect(idle.collections).toBe(0);
      vi.advanceTimersByTime(9);
      expect(idle.collections).toBe(0);
      vi.advanceTimersByTime(1);
      expect(idle.collections).toBe(1);
      vi.advanceTimersByTime(10_000);
      expect(idle.collections).toBe(1);
      idle.stop();
    }
  });

  it('collects again after new activity, and never without activity', () => {
    const idle = collectWhenIdle({ idleMs: 20, worthIt: () => true });
    vi.advanceTimersByTime(10_000);
    expect(idle.collections).toBe(0);
    idle.activity();
    vi.advanceTimersByTime(20);
    expect(idle.collections).toBe(1);
    idle.activity();
    vi.advanceTimersByTime(20);
    expect(idle.collections).toBe(2);
    vi.advanceTimersByTime(10_000);
    expect(idle.collections).toBe(2);
    idle.stop();
  });

  it('asks whether the heap is worth collecting only once the window has passed, with its committed and used bytes', () => {
    const asked: [number, number][] = [];
    const idle = collectWhenIdle({ idleMs: 20, worthIt: (total, used) => (asked.push([total, used]), false) });
    idle.activity();
    vi.advanceTimersByTime(19);
    expect(asked).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(asked).toHaveLength(1);
    expect(asked[0]![0]).toBeGreaterThanOrEqual(asked[0]![1]);
    expect(asked[0]![1]).toBeGreaterThan(0);
    idle.stop();
  });

  it('does nothing when the heap is not worth collecting, or once stopped', () => {
    const notWorth = collectWhenIdle({ idleMs: 10, worthIt: () => false });
    notWorth.activity();
    const stopped = collectWhenIdle({ idleMs: 10, worthIt: () => true });
    stopped.activity();
    stopped.stop();
    vi.advanceTimersByTime(10_000);
    expect([notWorth.collections, stopped.collections]).toEqual([0, 0]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses the default idle window of 3 s', () => {
    const idle = collectWhenIdle({ worthIt: () => true });
    idle.activity();
    vi.advanceTimersByTime(2999);
    expect(idle.collections).toBe(0);
    vi.advanceTimersByTime(1);
    expect(idle.collections).toBe(1);
    idle.stop();
  });
});

describe('worthCollecting', () => {
  it('asks for over 16 MB and over a quarter of the used heap committed beyond what is used', () => {
    expect(worthCollecting(30 * MB, 20 * MB)).toBe(false);
    expect(worthCollecting(40 * MB, 20 * MB)).toBe(true);
    expect(worthCollecting(420 * MB, 400 * MB)).toBe(false);
    expect(worthCollecting(520 * MB, 400 * MB)).toBe(true);
  });
});

describe('keepYoungGenerationSmall', () => {
  it('keeps the young generation at its size while many objects survive young collections', () => {
    // A fresh process: the flag lasts for the rest of the process.
    const code = `
      import { getHeapSpaceStatistics } from 'node:v8';
      const { keepYoungGenerationSmall } = await import(${JSON.stringify(new URL('./idle-memory.ts', import.meta.url).href)});
      const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
      keepYoungGenerationSmall();
      const before = young();
      let kept = [];
      for (let i = 0; i < 2e6; i++) { const o = { i, s: 'x' + i }; if (i % 2) kept.push(o); if (kept.length > 2e5) kept = []; }
      console.log(JSON.stringify([before, young()]));`;
    const [before, after] = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' })) as number[];
    expect(after).toBeLessThanOrEqual(before);
  });
});

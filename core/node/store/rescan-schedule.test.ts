// The rescan schedule: the slow timer spaces rescans by their cost, so an idle store of any size costs almost no CPU.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RescanSchedule } from './rescan-schedule';

afterEach(() => {
  vi.useRealTimers();
});

/** A schedule whose rescans report `busyMs` each, and the (fake) times they ran at. */
function recording(busyMs: number, intervalMs: number): { schedule: RescanSchedule; runs: number[] } {
  const runs: number[] = [];
  const schedule = new RescanSchedule({ rescanIntervalMs: intervalMs }, async () => {
    runs.push(Date.now());
    return busyMs;
  });
  return { schedule, runs };
}

describe('the slow rescan timer', () => {
  it('rescans every interval when rescans are cheap', async () => {
    vi.useFakeTimers({ now: 0 });
    const { schedule, runs } = recording(1, 10_000);
    schedule.start();
    await vi.advanceTimersByTimeAsync(35_000);
    expect(runs).toEqual([10_000, 20_000, 30_000]);
    await schedule.stop();
  });

  it('waits a thousand times the last rescan\'s busy time when that is longer than the interval', async () => {
    vi.useFakeTimers({ now: 0 });
    const { schedule, runs } = recording(300, 10_000);
    schedule.start();
    await vi.advanceTimersByTimeAsync(700_000);
    expect(runs).toEqual([10_000, 310_000, 610_000]);
    await schedule.stop();
  });

  it('runs no more after stop', async () => {
    vi.useFakeTimers({ now: 0 });
    const { schedule, runs } = recording(1, 10_000);
    schedule.start();
    await vi.advanceTimersByTimeAsync(15_000);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual([10_000]);
  });
});

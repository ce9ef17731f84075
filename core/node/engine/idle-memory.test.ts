import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { collectWhenIdle, worthCollecting } from './idle-memory';

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('collectWhenIdle', () => {
  it('collects once after a burst of activity settles, however many activities the burst had', async () => {
    for (let round = 0; round < 3; round++) {
      const idle = collectWhenIdle({ idleMs: 30, worthIt: () => true });
      for (let i = 0; i < 5; i++) {
        idle.activity();
        await sleep(5);
      }
      expect(idle.collections).toBe(0);
      await sleep(120);
      expect(idle.collections).toBe(1);
      await sleep(60);
      expect(idle.collections).toBe(1);
      idle.stop();
    }
  });

  it('collects again after new activity, and never without activity', async () => {
    const idle = collectWhenIdle({ idleMs: 20, worthIt: () => true });
    await sleep(60);
    expect(idle.collections).toBe(0);
    idle.activity();
    await sleep(80);
    idle.activity();
    await sleep(80);
    expect(idle.collections).toBe(2);
    idle.stop();
  });

  it('does nothing when the heap is not worth collecting, or once stopped', async () => {
    const notWorth = collectWhenIdle({ idleMs: 10, worthIt: () => false });
    notWorth.activity();
    const stopped = collectWhenIdle({ idleMs: 10, worthIt: () => true });
    stopped.activity();
    stopped.stop();
    await sleep(60);
    expect([notWorth.collections, stopped.collections]).toEqual([0, 0]);
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

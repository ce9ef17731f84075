import { describe, expect, it } from 'vitest';
import { createFrameCoalescer } from './frame-coalescer';

function manualFrames() {
  const queue: (() => void)[] = [];
  return { schedule: (cb: () => void) => { queue.push(cb); }, runFrame: () => queue.splice(0).forEach((cb) => cb()), scheduled: () => queue.length };
}

describe('createFrameCoalescer', () => {
  it('flushes a burst of events once, in order, at the next frame', () => {
    const frames = manualFrames();
    const flushes: number[][] = [];
    const c = createFrameCoalescer<number>((items) => flushes.push(items), frames.schedule);
    for (let i = 0; i < 1000; i++) c.push(i);
    expect(frames.scheduled()).toBe(1);
    expect(flushes).toEqual([]);
    frames.runFrame();
    expect(flushes).toHaveLength(1);
    expect(flushes[0]).toHaveLength(1000);
    expect(flushes[0].slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('starts a new batch for items pushed after a flush', () => {
    const frames = manualFrames();
    const flushes: string[][] = [];
    const c = createFrameCoalescer<string>((items) => flushes.push(items), frames.schedule);
    c.push('a');
    frames.runFrame();
    c.push('b');
    c.push('c');
    expect(c.pending()).toBe(2);
    frames.runFrame();
    expect(flushes).toEqual([['a'], ['b', 'c']]);
    frames.runFrame();
    expect(flushes).toHaveLength(2);
  });
});

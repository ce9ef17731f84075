// Batches bursts of items (engine events) into one flush per animation frame.

/** Schedules a callback for the next frame; returns nothing. requestAnimationFrame in the browser. */
export type FrameScheduler = (callback: () => void) => void;

/** A queue that flushes everything pushed during a frame, once, at that frame. */
export interface FrameCoalescer<T> {
  /** Adds an item; the first item of a frame schedules the flush. */
  push(item: T): void;
  /** Items waiting for the next flush. */
  pending(): number;
}

/** The browser's frame scheduler, falling back to a 16 ms timer where there are no frames (hidden tabs, tests). */
export function defaultFrameScheduler(): FrameScheduler {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    return (cb) => { requestAnimationFrame(() => cb()); };
  }
  return (cb) => { setTimeout(cb, 16); };
}

/** Creates a coalescer that calls flush with every item pushed since the last frame, in order. */
export function createFrameCoalescer<T>(flush: (items: T[]) => void, schedule: FrameScheduler): FrameCoalescer<T> {
  let buffer: T[] = [];
  let scheduled = false;
  return {
    push(item) {
      buffer.push(item);
      if (scheduled) return;
      scheduled = true;
      schedule(() => {
        const items = buffer;
        buffer = [];
        scheduled = false;
        flush(items);
      });
    },
    pending: () => buffer.length,
  };
}

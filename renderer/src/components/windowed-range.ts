// Which rows of a long fixed-height list are on screen: the arithmetic behind WindowedList.

/** Half-open range [start, end) of row indexes to render. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

/** Rows visible in a viewport scrolled to scrollTop, plus `overscan` rows on each side, clamped to [0, count). */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 8): RowRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  return { start: Math.max(0, first - overscan), end: Math.min(count, first + shown + overscan) };
}

/** The row a navigation key moves to from `index` (arrows, Page Up/Down by `page` rows, Home, End), or undefined for other keys. */
export function nextIndex(key: string, index: number, count: number, page: number): number | undefined {
  if (count <= 0) return undefined;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown': return clamp(index + 1);
    case 'ArrowUp': return clamp(index - 1);
    case 'PageDown': return clamp(index + page);
    case 'PageUp': return clamp(index - page);
    case 'Home': return 0;
    case 'End': return count - 1;
    default: return undefined;
  }
}

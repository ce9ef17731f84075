// A virtualised list of fixed-height rows: only what is on screen is in the DOM, so 10,000 rows scroll smoothly.
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { visibleRange } from './windowed-range';

/** Props of WindowedList. */
export interface WindowedListProps<T> {
  readonly items: readonly T[];
  readonly rowHeight: number;
  readonly rowKey: (item: T, index: number) => string;
  readonly renderRow: (item: T, index: number) => ReactNode;
  readonly className?: string;
  readonly label?: string;
  /** Index to keep in view (the selected row). */
  readonly scrollToIndex?: number;
}

/** Renders the visible slice of items inside a scrolling box that fills its parent. */
export function WindowedList<T>(props: WindowedListProps<T>): ReactNode {
  const { items, rowHeight, scrollToIndex } = props;
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setHeight(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || scrollToIndex === undefined || scrollToIndex < 0) return;
    const top = scrollToIndex * rowHeight;
    if (top < el.scrollTop || top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - el.clientHeight / 3);
  }, [scrollToIndex, rowHeight]);

  const { start, end } = visibleRange(scrollTop, height, rowHeight, items.length);
  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div key={props.rowKey(items[i], i)} className="wl-row" role="listitem" style={{ top: i * rowHeight, height: rowHeight }}>
        {props.renderRow(items[i], i)}
      </div>,
    );
  }
  return (
    <div ref={box} className={`wl ${props.className ?? ''}`} role="list" aria-label={props.label} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div className="wl-spacer" style={{ height: items.length * rowHeight }}>{rows}</div>
    </div>
  );
}

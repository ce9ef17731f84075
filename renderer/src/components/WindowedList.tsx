// A virtualised list of fixed-height rows: only what is on screen is in the DOM, so 10,000 rows scroll smoothly.
// The list is one Tab stop: arrow keys, Page Up/Down, Home and End move between rows (roving focus).
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useUi } from '../state/ui-state';
import { nextIndex, visibleRange } from './windowed-range';

/** How much taller rows are in presenter mode (its type is that much larger). */
export const PRESENTER_ROW_SCALE = 1.45;

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

/** The element of a row that takes focus: its link or button, else the row itself. */
function focusTarget(row: Element | null): HTMLElement | null {
  return (row?.querySelector('a, button, [tabindex]') as HTMLElement | null) ?? (row as HTMLElement | null);
}

/** Renders the visible slice of items inside a scrolling box that fills its parent. */
export function WindowedList<T>(props: WindowedListProps<T>): ReactNode {
  const { items, scrollToIndex } = props;
  const presenter = useUi((s) => s.presenter);
  const rowHeight = presenter ? Math.round(props.rowHeight * PRESENTER_ROW_SCALE) : props.rowHeight;
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [active, setActive] = useState<{ index: number; focus: boolean }>({ index: Math.max(0, scrollToIndex ?? 0), focus: false });

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

  const current = Math.min(active.index, Math.max(0, items.length - 1));
  // Only the active row is a Tab stop; after a key move, focus follows it.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    for (const row of el.querySelectorAll('.wl-row')) {
      const target = focusTarget(row);
      if (target) target.tabIndex = Number((row as HTMLElement).dataset.index) === current ? 0 : -1;
    }
    if (active.focus) focusTarget(el.querySelector(`.wl-row[data-index="${current}"]`))?.focus({ preventScroll: true });
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const next = nextIndex(e.key, current, items.length, page);
    if (next === undefined) return;
    e.preventDefault();
    const el = box.current;
    if (el) {
      const top = next * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
      setScrollTop(el.scrollTop);
    }
    setActive({ index: next, focus: true });
  };

  const { start, end } = visibleRange(scrollTop, height, rowHeight, items.length);
  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div key={props.rowKey(items[i], i)} className="wl-row" role="listitem" data-index={i} style={{ top: i * rowHeight, height: rowHeight }}
        onFocus={() => { if (i !== current) setActive({ index: i, focus: false }); }}>
        {props.renderRow(items[i], i)}
      </div>,
    );
  }
  return (
    <div ref={box} className={`wl ${props.className ?? ''}`} role="list" aria-label={props.label} onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div className="wl-spacer" style={{ height: items.length * rowHeight }}>{rows}</div>
    </div>
  );
}

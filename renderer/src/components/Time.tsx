// Times in the UI: relative and local, with the ISO time on hover; texts with ISO times inside show them so too.
import { useEffect, useState, type ReactNode } from 'react';
import { relativeTime, splitTimes } from './relative-time';

const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | undefined;

/** The current time, updated every 5 s while any component uses it (one shared timer). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    listeners.add(setNow);
    timer ??= setInterval(() => { const t = Date.now(); for (const l of listeners) l(t); }, 5000);
    return () => {
      listeners.delete(setNow);
      if (!listeners.size) { clearInterval(timer); timer = undefined; }
    };
  }, []);
  return now;
}

/** One time: `12 s ago`, with the local and ISO times on hover. */
export function Time(props: { iso: string }): ReactNode {
  const now = useNow();
  const local = new Date(props.iso).toLocaleString();
  return <time dateTime={props.iso} title={`${local} (${props.iso})`} data-testid="time">{relativeTime(props.iso, now)}</time>;
}

/** A text whose ISO times are shown as Time. */
export function TextWithTimes(props: { text: string }): ReactNode {
  const parts = splitTimes(props.text);
  if (parts.length === 1 && 'text' in parts[0]) return props.text;
  return <>{parts.map((p, i) => ('iso' in p ? <Time key={i} iso={p.iso} /> : <span key={i}>{p.text}</span>))}</>;
}

// Times as people read them: relative to now ("12 s ago") for recent ones, else local date and time.
// The ISO time stays available on hover (see Time.tsx).

/** ISO 8601 UTC times as the engine writes them (`2026-11-28T13:44:21.562Z`). */
export const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/** `just now`, `12 s ago`, `3 min ago`, `2 h ago` within a day, else the local date and time; `in 5 s` for future times. */
export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const diff = Math.round((now - t) / 1000);
  const ahead = diff < 0;
  const s = Math.abs(diff);
  const say = (n: number, unit: string) => (ahead ? `in ${n} ${unit}` : `${n} ${unit} ago`);
  if (s < 2) return 'just now';
  if (s < 60) return say(s, 's');
  if (s < 3600) return say(Math.floor(s / 60), 'min');
  if (s < 86_400) return say(Math.floor(s / 3600), 'h');
  return new Date(t).toLocaleString();
}

/** A text split into plain parts and ISO times, in order. */
export function splitTimes(text: string): ({ text: string } | { iso: string })[] {
  const parts: ({ text: string } | { iso: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(ISO_TIME)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ iso: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The text with every ISO time replaced by its relative form (for titles and plain-text places). */
export function withRelativeTimes(text: string, now: number): string {
  return text.replace(ISO_TIME, (iso) => relativeTime(iso, now));
}

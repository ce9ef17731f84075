// What cached translations may have read, as one number per pass: caches validate an entry's
// dependencies only when this world changed since they last did, so an edit of one
// VirtualService checks none of the other VirtualServices' dependencies.

/** One part of a world: objects by refKey with their content hash, a set of keys, or a string. */
export type WorldPart = ReadonlyMap<string, { readonly hash: string }> | ReadonlyMap<string, object> | ReadonlySet<string> | string | undefined;

/** A stamp that stays the same from one world to the next while every part has the same content. */
export class WorldStamp {
  private last: readonly WorldPart[] | undefined;
  private stamp = 0;

  /** The stamp of a world: the previous one when its parts equal the previous world's parts, else a new one. */
  of(parts: readonly WorldPart[]): number {
    const last = this.last;
    if (!last || last.length !== parts.length || !parts.every((p, i) => samePart(last[i], p))) this.stamp++;
    this.last = parts;
    return this.stamp;
  }
}

function samePart(a: WorldPart, b: WorldPart): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a.size !== b.size) return false;
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set)) return false;
    for (const k of b) if (!a.has(k)) return false;
    return true;
  }
  const am = a as ReadonlyMap<string, unknown>;
  for (const [k, v] of b as ReadonlyMap<string, unknown>) if (!sameValue(am.get(k), v)) return false;
  return true;
}

/** Served objects compare by content hash; other values (references) by their JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const ha = (a as { hash?: unknown }).hash;
  if (typeof ha === 'string') return ha === (b as { hash?: unknown }).hash;
  return JSON.stringify(a) === JSON.stringify(b);
}

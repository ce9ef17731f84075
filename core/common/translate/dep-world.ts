// What cached translations may have read, as one number per pass: caches validate an entry's
// dependencies only when this world changed since they last did, so an edit of one
// VirtualService checks none of the other VirtualServices' dependencies.

/** One part of a world: objects by refKey with their content hash, lists of objects (the same objects), other values, a set of keys, or a string. */
export type WorldPart = ReadonlyMap<string, { readonly hash: string }> | ReadonlyMap<string, readonly object[]> | ReadonlyMap<string, object> | ReadonlySet<string> | string | undefined;

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

// Several caches compare the same parts of one pass with those of the pass before: each pair is compared once.
const compared = new WeakMap<object, { readonly with: object; readonly same: boolean }>();

function samePart(a: WorldPart, b: WorldPart): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a.size !== b.size) return false;
  const known = compared.get(b);
  if (known?.with === a) return known.same;
  const same = sameContent(a, b);
  compared.set(b, { with: a, same });
  return same;
}

function sameContent(a: Exclude<WorldPart, string | undefined>, b: Exclude<WorldPart, string | undefined>): boolean {
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set)) return false;
    for (const k of b) if (!a.has(k)) return false;
    return true;
  }
  const am = a as ReadonlyMap<string, unknown>;
  for (const [k, v] of b as ReadonlyMap<string, unknown>) if (!sameValue(am.get(k), v)) return false;
  return true;
}

/** Served objects compare by content hash, lists by their elements' identity, other values (references) by their JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  const ha = (a as { hash?: unknown }).hash;
  if (typeof ha === 'string') return ha === (b as { hash?: unknown }).hash;
  return JSON.stringify(a) === JSON.stringify(b);
}

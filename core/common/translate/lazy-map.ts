// A read-only map whose values are computed on first access (for results most callers never read).

/** A ReadonlyMap of values computed once, on first access, from the functions set() was given. */
export class LazyMap<K, V> implements ReadonlyMap<K, V> {
  private readonly thunks = new Map<K, () => V>();
  private readonly done = new Map<K, V>();

  /** Registers how to compute the value of a key. */
  set(key: K, compute: () => V): this {
    this.thunks.set(key, compute);
    this.done.delete(key);
    return this;
  }

  /** The value of a key, computing it the first time. */
  get(key: K): V | undefined {
    if (this.done.has(key)) return this.done.get(key);
    const compute = this.thunks.get(key);
    if (!compute) return undefined;
    const value = compute();
    this.done.set(key, value);
    return value;
  }

  /** Whether the key has a value. */
  has(key: K): boolean {
    return this.thunks.has(key);
  }

  /** Number of keys. */
  get size(): number {
    return this.thunks.size;
  }

  /** The keys, in insertion order. */
  keys(): MapIterator<K> {
    return this.thunks.keys();
  }

  /** The values, computing each. */
  *values(): MapIterator<V> {
    for (const k of this.thunks.keys()) yield this.get(k)!;
  }

  /** The entries, computing each value. */
  *entries(): MapIterator<[K, V]> {
    for (const k of this.thunks.keys()) yield [k, this.get(k)!];
  }

  /** Calls fn for every entry. */
  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  /** Same as entries(). */
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

// Strings built from two parts and kept: the same parts give the same string object, so a key or
// name that every route builds exists once, hashes once as a map key and is retained once.

/** The strings kept for one second part, one per first part. */
interface Kept {
  readonly first: string;
  readonly value: string;
  readonly next: Kept | undefined;
}

/** One string per distinct pair of parts, while fewer than `limit` are kept (then it starts over). */
export class PairStrings {
  // By the second part (names differ more than namespaces do): one map lookup, then a short list.
  private readonly bySecond = new Map<string, Kept>();
  private count = 0;

  constructor(
    private readonly build: (first: string, second: string) => string,
    private readonly limit = 100_000,
  ) {}

  /** The string of two parts: built on first use, the kept one after. */
  get(first: string, second: string): string {
    let head = this.bySecond.get(second);
    for (let k = head; k; k = k.next) if (k.first === first) return k.value;
    if (this.count >= this.limit) {
      this.bySecond.clear();
      this.count = 0;
      head = undefined;
    }
    const value = this.build(first, second);
    this.bySecond.set(second, { first, value, next: head });
    this.count++;
    return value;
  }
}

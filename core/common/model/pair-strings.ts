// Strings built from two parts and kept: the same parts give the same string object, so a key or
// name that every route builds exists once, hashes once as a map key and is retained once.

/** One string per distinct pair of parts, while fewer than `limit` are kept (then it starts over). */
export class PairStrings {
  private readonly byFirst = new Map<string, Map<string, string>>();
  private count = 0;

  constructor(
    private readonly build: (first: string, second: string) => string,
    private readonly limit = 100_000,
  ) {}

  /** The string of two parts: built on first use, the kept one after. */
  get(first: string, second: string): string {
    let bySecond = this.byFirst.get(first);
    let s = bySecond?.get(second);
    if (s !== undefined) return s;
    if (this.count >= this.limit) {
      this.byFirst.clear();
      this.count = 0;
      bySecond = undefined;
    }
    if (!bySecond) this.byFirst.set(first, (bySecond = new Map()));
    bySecond.set(second, (s = this.build(first, second)));
    this.count++;
    return s;
  }
}

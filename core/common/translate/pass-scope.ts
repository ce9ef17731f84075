// Caches that live from pass to pass keep only what the last completed pass used. They register
// with the pipeline's PassScope once, and the pipeline begins and ends every pass for all of them.

/** A cache told when a pass starts and when it completes (an aborted pass is never ended). */
export interface PassScoped {
  beginPass?(): void;
  endPass(): void;
}

/** The pass-scoped caches of one pipeline. */
export class PassScope {
  private readonly members: PassScoped[] = [];

  /** Registers a cache and returns it. */
  add<T extends PassScoped>(cache: T): T {
    this.members.push(cache);
    return cache;
  }

  /** Starts a pass for every registered cache. */
  begin(): void {
    for (const m of this.members) m.beginPass?.();
  }

  /** Completes a pass for every registered cache. */
  end(): void {
    for (const m of this.members) m.endPass();
  }
}

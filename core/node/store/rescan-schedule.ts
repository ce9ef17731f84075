// When a watching folder store reconciles its index with a stat-only listing of the folder: soon after watcher activity
// (events come in bursts, and a burst is when the watcher loses some) and on a slow timer, one at a time, and never so
// often that rescanning takes more than a small share of the time (about 2% after activity, 0.1% when idle).

/** Timing of the rescans. */
export interface RescanTiming {
  /** Rescan this often whatever happens, in ms (default 10 000; 0: never). */
  readonly rescanIntervalMs?: number;
  /** Rescan this long after watcher activity, in ms (default 1000). */
  readonly rescanAfterEventsMs?: number;
}

/** Rescans wait at least this many times the last one's busy time after it ended: at most ~2% of one core. */
const COST_FACTOR = 50;
/** The slow timer waits at least this many times the last rescan's busy time: an idle store costs at most ~0.1% of one core. */
const IDLE_COST_FACTOR = 1000;

/** Runs `rescan` (which resolves with the ms it kept the event loop busy) on a timer and after activity. */
export class RescanSchedule {
  private readonly intervalMs: number;
  private readonly afterEventsMs: number;
  private periodic?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private lastEnd = 0;
  private lastBusyMs = 0;
  private stopped = false;

  constructor(timing: RescanTiming, private readonly rescan: () => Promise<number>) {
    this.intervalMs = timing.rescanIntervalMs ?? 10_000;
    this.afterEventsMs = timing.rescanAfterEventsMs ?? 1000;
  }

  /** Starts the slow timer: every intervalMs, or less often when rescans are costly (a large folder, left idle). */
  start(): void {
    if (this.intervalMs <= 0 || this.stopped) return;
    clearTimeout(this.periodic);
    const delay = Math.max(this.intervalMs, this.lastBusyMs * IDLE_COST_FACTOR);
    this.periodic = setTimeout(() => void this.runNow().then(() => this.start()), delay);
    this.periodic.unref();
  }

  /** Asks for a rescan after watcher activity: once, afterEventsMs from now (or later when the last one was costly). */
  afterActivity(): void {
    if (this.soon || this.stopped) return;
    const byCost = Math.min(this.lastEnd + this.lastBusyMs * COST_FACTOR - Date.now(), this.intervalMs || Infinity);
    const delay = Math.max(this.afterEventsMs, byCost);
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.runNow();
    }, delay);
    this.soon.unref();
  }

  /** Rescans now, or right after the rescan already running (whose listing may predate what is asked for). */
  runNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.queued ??= this.running.then(() => {
        this.queued = undefined;
        return this.runNow();
      });
      return this.queued;
    }
    this.running = this.rescan().then(
      (busy) => this.finished(busy),
      () => this.finished(0),
    );
    return this.running;
  }

  /** The busy time of the last rescan, in ms. */
  get lastCostMs(): number {
    return this.lastBusyMs;
  }

  /** Stops every timer; resolves once a rescan in progress ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.periodic);
    clearTimeout(this.soon);
    await this.queued;
    await this.running;
  }

  private finished(busyMs: number): void {
    this.lastBusyMs = busyMs;
    this.lastEnd = Date.now();
    this.running = undefined;
  }
}

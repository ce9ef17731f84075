// Teaching mode's stage-by-stage stepping: each next() advances a paused loop by one stage of one pass —
// snapshot (the input diff), proxies (the generated Proxy diff, nothing published yet), xds (published, the
// xDS diff) and ack (what the connected clients did) — then starts the next pass on the pending change.
import type { ClientAck, StagedPass } from '../api/contract';
import { diffObjects } from '../diff/object-diff';
import { diffXds } from '../diff/xds-diff';
import type { PassRecord, ReconcileLoop, StageGate } from './reconcile-loop';

/** What the stepper needs from the engine. */
export interface StepperDeps {
  readonly loop: ReconcileLoop;
  /** Called whenever the staged pass changes (a stage reached, ACKs updated). */
  readonly onChange: () => void;
  /** The connected clients' answers to the xDS this pass published. */
  readonly acksOf: (pass: PassRecord) => ClientAck[];
}

/** Steps a paused loop one stage at a time and keeps what each stage produced. */
export class StageStepper {
  private staged?: StagedPass;
  private record?: PassRecord;
  /** The pass before the one being stepped: what its xDS is compared with. */
  private previous?: PassRecord;
  private release?: () => void;
  private stopped?: () => void;
  /** The stepped pass still running, if any. */
  private running?: Promise<void>;
  /** Set when the running pass must go on to its end without stopping again. */
  private free = false;

  constructor(private readonly deps: StepperDeps) {}

  /** The pass being stepped through, or the last one stepped. */
  get view(): StagedPass | undefined {
    return this.staged;
  }

  /** Advances one stage; resolves once the next stage is reached (or at once when there is nothing to step). */
  async next(): Promise<void> {
    if (this.release) return this.untilStop(this.release);
    if (this.staged && this.record && this.staged.reached.at(-1) === 'xds') {
      this.staged = { ...this.staged, reached: [...this.staged.reached, 'ack'], acks: this.deps.acksOf(this.record) };
      this.deps.onChange();
      return;
    }
    if (!this.deps.loop.isPaused) return;
    this.record = undefined;
    await this.untilStop(() => {
      this.running = this.deps.loop.stepStaged(this.gate).then((record) => this.finish(record), () => this.finish(undefined));
    });
  }

  /** Recomputes the ACK stage after the clients' feedback changed. */
  refreshAcks(): void {
    if (!this.staged?.reached.includes('ack') || !this.record) return;
    this.staged = { ...this.staged, acks: this.deps.acksOf(this.record) };
    this.deps.onChange();
  }

  /** Lets a pass waiting between stages run to its end (the loop was resumed, or a whole pass was asked for); resolves when it has. */
  async runToEnd(): Promise<void> {
    if (!this.running) return;
    this.free = true;
    const release = this.release;
    this.release = undefined;
    release?.();
    await this.running;
  }

  /** Whether a stepped pass is waiting between stages. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  private untilStop(start: () => void): Promise<void> {
    const reached = new Promise<void>((resolve) => { this.stopped = resolve; });
    this.release = undefined;
    start();
    return reached;
  }

  private readonly gate: StageGate = (stage, stop) => {
    const previous = stop.previous;
    this.previous = previous;
    if (stage === 'snapshot') {
      this.staged = { passId: stop.passId, reached: ['snapshot'], snapshotDiff: diffObjects(previous?.snapshot ?? [], stop.snapshot) };
    } else if (this.staged) {
      this.staged = { ...this.staged, reached: ['snapshot', 'proxies'], proxyDiff: diffObjects(previous?.result.proxies ?? [], stop.result?.proxies ?? []) };
    }
    this.deps.onChange();
    this.notifyStopped();
    // Once the loop runs freely again, stages follow each other without waiting.
    if (this.free || !this.deps.loop.isPaused) return Promise.resolve();
    return new Promise<void>((resolve) => { this.release = resolve; });
  };

  private finish(record: PassRecord | undefined): void {
    this.release = undefined;
    this.running = undefined;
    this.free = false;
    if (record && this.staged?.passId === record.id) {
      this.record = record;
      const xdsDiff = diffXds(this.previous?.result.xds ?? new Map(), record.result.xds);
      this.staged = { ...this.staged, reached: ['snapshot', 'proxies', 'xds'], xdsDiff, published: record.published };
      this.deps.onChange();
    }
    this.notifyStopped();
  }

  private notifyStopped(): void {
    const stopped = this.stopped;
    this.stopped = undefined;
    stopped?.();
  }
}

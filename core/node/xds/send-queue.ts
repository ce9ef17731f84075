// One stream's outbound responses with backpressure. Responses are handed to the gRPC call while
// fewer than pauseAtBytes are unflushed; a write completes only once HTTP/2 flow control let its
// bytes out, so a client that does not read stops completions and the stream is paused. Responses
// queued behind a paused stream are bounded by maxQueuedBytes, and a stream that flushes nothing
// for maxStallMs is given up on: either way the owner is told to drop the stream.
import type { XdsLimits } from './limits';

/** Where a SendQueue writes: a grpc-js server call (its write callback runs once the bytes are flushed). */
export interface ResponseSink {
  write(chunk: Buffer, callback: (error?: Error | null) => void): boolean;
}

/** What a SendQueue tells its stream. */
export interface SendQueueEvents {
  /** The stream is no longer paused. */
  onResume(): void;
  /** The stream must be dropped: it owes too much or has read nothing for too long. */
  onOverflow(reason: string): void;
}

/** A per-stream FIFO of encoded responses between the protocol state machine and the gRPC call. */
export class SendQueue {
  private queue: Buffer[] = [];
  private queued = 0;
  private unflushed = 0;
  private stallTimer?: NodeJS.Timeout;
  private closed = false;

  /** Writes to sink under limits; events report resumption and overflow. */
  constructor(
    private readonly sink: ResponseSink,
    private readonly limits: Pick<XdsLimits, 'pauseAtBytes' | 'maxQueuedBytes' | 'maxStallMs'>,
    private readonly events: SendQueueEvents,
  ) {}

  /** Whether the stream is paused: too many bytes unflushed, or responses waiting. */
  get paused(): boolean {
    return this.unflushed >= this.limits.pauseAtBytes || this.queue.length > 0;
  }

  /** Bytes handed to the call and not yet flushed to the client. */
  get unflushedBytes(): number {
    return this.unflushed;
  }

  /** Bytes waiting behind a paused stream. */
  get queuedBytes(): number {
    return this.queued;
  }

  /** Sends a response now, or queues it while paused; reports an overflow when the queue passes its limit. */
  push(bytes: Buffer): void {
    if (this.closed) return;
    this.queue.push(bytes);
    this.queued += bytes.length;
    if (this.queue.length > 1 && this.queued > this.limits.maxQueuedBytes) {
      return this.overflow(`${this.queued} bytes of responses wait for a client that does not read (limit ${this.limits.maxQueuedBytes})`);
    }
    this.flush();
  }

  /** Drops everything queued and stops the stall timer; later pushes and completions are ignored. */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.queued = 0;
    clearTimeout(this.stallTimer);
  }

  private flush(): void {
    while (!this.closed && this.queue.length > 0 && this.unflushed < this.limits.pauseAtBytes) {
      const bytes = this.queue.shift()!;
      this.queued -= bytes.length;
      this.unflushed += bytes.length;
      this.sink.write(bytes, () => this.flushed(bytes.length));
    }
    this.watchStall();
  }

  private flushed(length: number): void {
    if (this.closed) return;
    const wasPaused = this.paused;
    this.unflushed -= length;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.flush();
    if (wasPaused && !this.paused) this.events.onResume();
  }

  /** While paused, a timer runs from the last flush; it fires only if nothing flushes for maxStallMs. */
  private watchStall(): void {
    if (!this.paused) {
      clearTimeout(this.stallTimer);
      this.stallTimer = undefined;
    } else if (!this.stallTimer) {
      this.stallTimer = setTimeout(() => this.overflow(`the client read nothing for ${this.limits.maxStallMs} ms`), this.limits.maxStallMs);
      this.stallTimer.unref();
    }
  }

  private overflow(reason: string): void {
    if (this.closed) return;
    this.close();
    this.events.onOverflow(reason);
  }
}

// Cancellation between objects: a pass stops at the next object once its signal is aborted.

/** Throws an AbortError (DOMException name 'AbortError', or the signal's own AbortError reason) when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') throw reason;
  throw new DOMException('the translation pass was aborted', 'AbortError');
}

// The etcd v3 client (the `etcd3` package) as the etcd store and the etcd leader election use it: quick reconnects after
// etcd comes back, a deadline on every unary call (never on watches and lease keep-alives), and store errors for failures.
import { Etcd3, type IOptions } from 'etcd3';
import { StorageError, StoreError } from '../../common/model/errors';

/** How long one unary call (range, put, txn) may take before it fails, in ms. */
const CALL_DEADLINE_MS = 5000;

interface Backoff {
  readonly duration: number;
  next(): Backoff;
}

/** Watch reconnect delays: 100 ms doubling to 2 s (the client's default grows to 30 s, too slow to notice etcd is back). */
function watchBackoff(duration = 100): Backoff {
  return { duration, next: () => watchBackoff(Math.min(duration * 2, 2000)) };
}

/** A client of the etcd cluster at these endpoints (`http://HOST:PORT` each). */
export function newEtcdClient(endpoints: readonly string[]): Etcd3 {
  const options: IOptions = {
    hosts: [...endpoints],
    dialTimeout: 3000,
    grpcOptions: { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1000 },
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + CALL_DEADLINE_MS }),
    faultHandling: { watchBackoff: watchBackoff() },
  };
  return new Etcd3(options);
}

/** A failure as a store error: store errors pass through; anything else (unreachable, deadline) becomes StorageError. */
export function asEtcdStorageError(err: unknown, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StorageError(`${what}: ${message}`, err);
}

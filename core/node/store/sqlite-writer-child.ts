// A separate process writing to a SQLite store, for the crash-safety and cross-process tests (run with `node --import tsx`).
// Usage: sqlite-writer-child.ts DB_PATH loop|once. `loop` writes forever, printing each committed counter; `once` writes one object.
import { openSqliteStore } from './sqlite-store';

const [dbPath, mode] = process.argv.slice(2);
const store = openSqliteStore(dbPath, { pollIntervalMs: 0 });
const upstreams = store.client('Upstream');

/** A payload whose every byte depends on n, so a torn write would show. */
function payloadOf(n: number): string {
  return `${n}:`.repeat(20_000);
}

if (mode === 'once') {
  await upstreams.write({ kind: 'Upstream', metadata: { name: 'from-child', namespace: 'default' }, spec: { static: { hosts: [{ addr: 'child', port: 1 }] } } }, { overwrite: true });
  await store.close();
  process.stdout.write('done\n');
} else {
  for (let n = 1; ; n++) {
    await upstreams.write({
      kind: 'Upstream',
      metadata: { name: 'counter', namespace: 'default', labels: { n: String(n) }, annotations: { payload: payloadOf(n) } },
      spec: { static: { hosts: [{ addr: 'child', port: n % 65535 }] } },
    }, { overwrite: true });
    process.stdout.write(`${n}\n`);
  }
}

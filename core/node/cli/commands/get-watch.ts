// `get --watch`: the list, then each object again whenever what `get` shows of it changes, until SIGINT or SIGTERM.
import type { KindInfo } from '../../../common/model/kinds';
import type { Resource } from '../../../common/model/resource';
import type { Scope } from '../../../common/store/resource-client';
import { openStore } from '../../store/open-store';
import { EXIT_FAILURE } from '../exit-codes';
import type { ObjectPrinter } from './get';

/** Watches one kind of a store and prints what changes with printer; resolves when SIGINT/SIGTERM arrives or the watch fails. */
export async function watchObjects(storeSpec: string, k: KindInfo, scope: Scope, name: string | undefined, printer: ObjectPrinter): Promise<void> {
  const store = await openStore(storeSpec, { watch: true });
  const shown = new Map<string, { object: Resource; signature: string }>();
  let first = true;
  let toldEmpty = false;
  let done: () => void = () => {};
  const stopped = new Promise<void>((resolve) => { done = resolve; });
  const key = (r: Resource) => `${r.metadata.namespace}/${r.metadata.name}`;
  const onList = (list: Resource[]) => {
    const items = name === undefined ? list : list.filter((r) => r.metadata.name === name);
    const changed = items.filter((r) => shown.get(key(r))?.signature !== printer.signature(r));
    const present = new Set(items.map(key));
    const gone = [...shown.entries()].filter(([k2]) => !present.has(k2)).map(([, v]) => v.object);
    for (const r of gone) shown.delete(key(r));
    for (const r of changed) shown.set(key(r), { object: r, signature: printer.signature(r) });
    if (first && items.length === 0 && !toldEmpty) {
      toldEmpty = true;
      process.stderr.write(`No objects found; waiting for ${k.plural}…\n`);
    }
    const text = printer.changed(changed, first && changed.length > 0) + printer.deleted(gone);
    if (changed.length > 0) first = false;
    if (text) process.stdout.write(text);
  };
  const sub = store.client(k.kind).watch(scope, onList, (err) => {
    process.stderr.write(`error: the watch stopped: ${err.message}\n`);
    process.exitCode = EXIT_FAILURE;
    done();
  });
  process.once('SIGINT', done);
  process.once('SIGTERM', done);
  try {
    await stopped;
  } finally {
    sub.stop();
    await store.close();
  }
}

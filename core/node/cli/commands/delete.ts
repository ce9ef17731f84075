// `xds-sandbox delete KIND NAME`: removes an object through the store.
import type { Command } from 'commander';
import { openStore } from '../../store/open-store';
import { storeOption } from '../cli-options';
import { findByName, parseKindArg } from '../kind-arg';

/** Registers `delete KIND NAME --store STORE [-n NS]`. */
export function registerDeleteCommand(program: Command): Command {
  return program.command('delete')
    .description('delete an object')
    .argument('<kind>', 'kind, plural or short name')
    .argument('<name>', 'object name')
    .addOption(storeOption())
    .option('-n, --namespace <ns>', 'namespace (default: the one namespace that has the name)')
    .action(async (kindArg: string, name: string, opts: { store?: string; namespace?: string }) => {
      const k = parseKindArg(kindArg);
      const store = await openStore(opts.store ?? '.', { watch: false });
      try {
        const obj = await findByName(store, k, name, opts.namespace);
        await store.client(k.kind).delete(obj.metadata.namespace, obj.metadata.name);
        process.stdout.write(`${k.kind.toLowerCase()} ${obj.metadata.namespace}/${obj.metadata.name} deleted\n`);
      } finally {
        await store.close();
      }
    });
}

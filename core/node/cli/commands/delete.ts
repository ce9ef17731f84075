// `xds-sandbox delete KIND NAME`: removes an object through the store.
import type { Command } from 'commander';
import { openStore } from '../../store/open-store';
import { storeOption } from '../cli-options';
import { openChangesetForCommand } from './changeset';
import { findByName, parseKindArg } from '../kind-arg';

/** Registers `delete KIND NAME --store STORE [-n NS] [--changeset NAME]`. */
export function registerDeleteCommand(program: Command): Command {
  return program.command('delete')
    .description('delete an object')
    .argument('<kind>', 'kind, plural or short name')
    .argument('<name>', 'object name')
    .addOption(storeOption())
    .option('-n, --namespace <ns>', 'namespace (default: the one namespace that has the name)')
    .option('--changeset <name>', 'commit the deletion to this changeset (created from the deployed branch when new) instead of writing the folder')
    .action(async (kindArg: string, name: string, opts: { store?: string; namespace?: string; changeset?: string }) => {
      const k = parseKindArg(kindArg);
      const store = opts.changeset ? await openChangesetForCommand(opts.store ?? '.', opts.changeset) : await openStore(opts.store ?? '.', { watch: false });
      try {
        const obj = await findByName(store, k, name, opts.namespace);
        await store.client(k.kind).delete(obj.metadata.namespace, obj.metadata.name);
        process.stdout.write(`${k.kind.toLowerCase()} ${obj.metadata.namespace}/${obj.metadata.name} deleted\n`);
      } finally {
        await store.close();
      }
    });
}

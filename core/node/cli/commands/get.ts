// `xds-sandbox get KIND [NAME]`: prints objects from a store as a table, YAML or JSON.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { resourceToManifest } from '../../../common/model/manifest';
import type { Resource } from '../../../common/model/resource';
import { ALL_NAMESPACES } from '../../../common/store/resource-client';
import { openStore } from '../../store/open-store';
import { outputOption, storeOption } from '../cli-options';
import { findByName, parseKindArg } from '../kind-arg';
import { formatTable } from '../table';

/** Registers `get KIND [NAME] --store STORE [-n NS] [-o yaml|json|table]`. */
export function registerGetCommand(program: Command): Command {
  return program.command('get')
    .description('print objects of a kind (kind, plural or short name: vs, us, rt, gw, px, ...)')
    .argument('<kind>', 'kind, plural or short name')
    .argument('[name]', 'one object by name')
    .addOption(storeOption())
    .option('-n, --namespace <ns>', 'only this namespace (default: all namespaces)')
    .addOption(outputOption(['table', 'yaml', 'json'], 'table'))
    .action(async (kindArg: string, name: string | undefined, opts: { store?: string; namespace?: string; output: string }) => {
      const k = parseKindArg(kindArg);
      const store = await openStore(opts.store ?? '.', { watch: false });
      try {
        const items = name
          ? [await findByName(store, k, name, opts.namespace)]
          : await store.client(k.kind).list(opts.namespace ?? ALL_NAMESPACES);
        process.stdout.write(render(items, opts.output, Boolean(name)));
      } finally {
        await store.close();
      }
    });
}

function render(items: Resource[], format: string, single: boolean): string {
  if (format === 'json') {
    const manifests = items.map((r) => resourceToManifest(r, { withStatus: true }));
    return JSON.stringify(single ? manifests[0] : { items: manifests }, null, 2) + '\n';
  }
  if (format === 'yaml') return items.map((r) => stringify(resourceToManifest(r, { withStatus: true }))).join('---\n');
  if (items.length === 0) return 'No objects found.\n';
  return formatTable(['NAMESPACE', 'NAME', 'STATUS', 'SOURCE', 'REASON'], items.map((r) => [
    r.metadata.namespace, r.metadata.name, r.status?.state ?? 'Pending',
    r.source ? `${r.source.file}:${r.source.line}` : '', firstLine(r.status?.reason ?? ''),
  ]));
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

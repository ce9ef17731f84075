// `xds-sandbox get KIND [NAME]`: prints objects from a store as a table (or wide table), names, YAML or JSON; `--watch`
// keeps printing what changes, as kubectl does.
import type { Command } from 'commander';
import type { KindInfo } from '../../../common/model/kinds';
import { resourceToManifest } from '../../../common/model/manifest';
import type { Resource } from '../../../common/model/resource';
import { ALL_NAMESPACES, type Scope } from '../../../common/store/resource-client';
import { openStore } from '../../store/open-store';
import { outputOption, storeOption } from '../cli-options';
import { UsageError } from '../exit-codes';
import { findByName, parseKindArg } from '../kind-arg';
import { colourEnabled, paint, stateColour, toJson, toYaml } from '../output';
import { formatTable, type CellStyle } from '../table';
import { columnsOf } from './get-columns';
import { watchObjects } from './get-watch';

/** The `-o` values of get. */
export const GET_FORMATS = ['table', 'wide', 'name', 'yaml', 'json'] as const;

interface GetOpts { store?: string; namespace?: string; allNamespaces?: boolean; output: string; watch?: boolean }

/** Registers `get KIND [NAME] --store STORE [-n NS | -A] [-o table|wide|name|yaml|json] [-w]`. */
export function registerGetCommand(program: Command): Command {
  return program.command('get')
    .description('print objects of a kind (kind, plural or short name: vs, us, rt, gw, px, ...)')
    .argument('<kind>', 'kind, plural or short name')
    .argument('[name]', 'one object by name')
    .addOption(storeOption())
    .option('-n, --namespace <ns>', 'only this namespace (default: all namespaces)')
    .option('-A, --all-namespaces', 'every namespace (the default; for kubectl habits)')
    .addOption(outputOption(GET_FORMATS, 'table'))
    .option('-w, --watch', 'after the list, print each object again whenever it changes (Ctrl-C to stop)')
    .action(async (kindArg: string, name: string | undefined, opts: GetOpts) => {
      const k = parseKindArg(kindArg);
      if (opts.namespace !== undefined && opts.allNamespaces) throw new UsageError('give -n NAMESPACE or -A, not both');
      const scope: Scope = opts.namespace ?? ALL_NAMESPACES;
      const printer = objectPrinter(k, opts.output, colourEnabled());
      if (opts.watch) return watchObjects(opts.store ?? '.', k, scope, name, printer);
      const store = await openStore(opts.store ?? '.', { watch: false });
      try {
        const items = name ? [await findByName(store, k, name, opts.namespace)] : await store.client(k.kind).list(scope);
        process.stdout.write(printer.all(items, Boolean(name)));
      } finally {
        await store.close();
      }
    });
}

/** How get prints objects: a whole list, or (for --watch) the objects that changed since the last print. */
export interface ObjectPrinter {
  /** The whole answer of a plain `get` (ends in a newline). */
  all(items: Resource[], single: boolean): string;
  /** What --watch prints for objects that changed; `first` is the first batch (a table prints its header then). */
  changed(items: Resource[], first: boolean): string;
  /** What --watch prints for objects that are gone (a table row saying Deleted; names; nothing for YAML and JSON). */
  deleted(items: Resource[]): string;
  /** What identifies a printed object's look: the watch prints an object again only when this changes. */
  signature(r: Resource): string;
}

/** The printer of one `-o` format; colour only for the tables. */
export function objectPrinter(k: KindInfo, format: string, colour: boolean): ObjectPrinter {
  const manifest = (r: Resource) => resourceToManifest(r, { withStatus: true });
  const nameOf = (r: Resource) => `${k.kind.toLowerCase()}.${k.group}/${r.metadata.name}\n`;
  if (format === 'name') {
    return { all: (items) => items.map(nameOf).join(''), changed: (items) => items.map(nameOf).join(''), deleted: (items) => items.map(nameOf).join(''), signature: nameOf };
  }
  if (format === 'json' || format === 'yaml') {
    const one = format === 'json' ? (r: Resource) => toJson(manifest(r)) : (r: Resource) => toYaml(manifest(r));
    const all = format === 'json'
      ? (items: Resource[], single: boolean) => toJson(single ? manifest(items[0]) : { items: items.map(manifest) })
      : (items: Resource[]) => items.map(one).join('---\n');
    const changed = format === 'json' ? (items: Resource[]) => items.map(one).join('') : (items: Resource[], first: boolean) => items.map((r, i) => (first && i === 0 ? '' : '---\n') + one(r)).join('');
    return { all, changed, deleted: () => '', signature: (r) => JSON.stringify(manifest(r)) };
  }
  const columns = columnsOf(k.kind, format === 'wide');
  const header = columns.map((c) => c.header);
  const cells = (r: Resource) => columns.map((c) => c.cell(r));
  const style: CellStyle | undefined = colour ? (column, cell) => (column === 'STATUS' ? paint(cell, stateColour(cell) ?? 'dim', true) : cell) : undefined;
  const table = (rows: string[][], withHeader: boolean) => (withHeader ? formatTable(header, rows, style) : formatTable(header, rows, style).split('\n').slice(1).join('\n'));
  return {
    all: (items) => (items.length === 0 ? 'No objects found.\n' : formatTable(header, items.map(cells), style)),
    changed: (items, first) => (items.length === 0 ? '' : table(items.map(cells), first)),
    deleted: (items) => (items.length === 0 ? '' : table(items.map((r) => cells(r).map((c, i) => (header[i] === 'STATUS' ? 'Deleted' : c))), false)),
    signature: (r) => cells(r).join('\t'),
  };
}

// `xds-sandbox apply -f FILE`: creates or updates the objects of a YAML file; all or nothing on invalid input.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { NotFoundError } from '../../../common/model/errors';
import { resourceContentHash, type Resource } from '../../../common/model/resource';
import { parseYamlFile } from '../../../common/model/yaml-documents';
import type { ResourceStore } from '../../../common/store/resource-client';
import { openStore } from '../../store/open-store';
import { EXIT_FAILURE } from '../exit-codes';
import { storeOption } from '../cli-options';
import { openChangesetForCommand } from './changeset';

/** Registers `apply -f FILE --store STORE [--changeset NAME]`. */
export function registerApplyCommand(program: Command): Command {
  return program.command('apply')
    .description('create or update the objects in a YAML file (honours metadata.resourceVersion when given)')
    .requiredOption('-f, --filename <file>', 'YAML file with one or more documents, or - for standard input')
    .addOption(storeOption())
    .option('--changeset <name>', 'commit each object to this changeset (created from the deployed branch when new) instead of writing the folder')
    .action(async (opts: { filename: string; store?: string; changeset?: string }) => {
      const text = readInput(opts.filename);
      const parsed = parseYamlFile(text, opts.filename === '-' ? '<stdin>' : opts.filename);
      if (parsed.problems.length) {
        for (const p of parsed.problems) process.stderr.write(`${p.file}:${p.line}:${p.column}: ${p.message}\n`);
        process.stderr.write('nothing applied\n');
        process.exitCode = EXIT_FAILURE;
        return;
      }
      const store = opts.changeset ? await openChangesetForCommand(opts.store ?? '.', opts.changeset) : await openStore(opts.store ?? '.', { watch: false });
      try {
        for (const { resource } of parsed.resources) process.stdout.write(`${await applyOne(store, resource)}\n`);
      } finally {
        await store.close();
      }
    });
}

async function applyOne(store: ResourceStore, r: Resource): Promise<string> {
  const client = store.client(r.kind);
  const label = `${r.kind.toLowerCase()} ${r.metadata.namespace}/${r.metadata.name}`;
  const { source: _source, status: _status, ...obj } = r;
  const existing = await client.read(r.metadata.namespace, r.metadata.name).catch((e) => {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  });
  if (!existing) {
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    await client.write({ ...obj, metadata } as Resource, {});
    return `${label} created`;
  }
  if (resourceContentHash(existing) === resourceContentHash(obj as Resource)) return `${label} unchanged`;
  const expected = r.metadata.resourceVersion;
  await client.write(obj as Resource, { overwrite: true, ...(expected ? { expectedResourceVersion: expected } : { }) });
  return `${label} configured`;
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

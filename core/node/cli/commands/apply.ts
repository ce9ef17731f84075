// `xds-sandbox apply -f FILE`: creates or updates the objects of a YAML file; all or nothing on invalid input. Like Gloo's
// validation webhook, it refuses a file whose objects would be Rejected (unless --force) and prints their Warnings.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AlreadyExistsError, NotFoundError } from '../../../common/model/errors';
import { refKey, type Resource } from '../../../common/model/resource';
import { parseYamlFile } from '../../../common/model/yaml-documents';
import type { ResourceStore } from '../../../common/store/resource-client';
import { openStore } from '../../store/open-store';
import { EXIT_FAILURE } from '../exit-codes';
import { storeOption } from '../cli-options';
import { openChangesetForCommand } from './changeset';
import { planOver, previewApply, type ApplyVerdict } from './apply-validate';

interface ApplyOpts { filename: string; store?: string; changeset?: string; force?: boolean; dryRun?: boolean }

/** Registers `apply -f FILE --store STORE [--changeset NAME] [--force] [--dry-run]`; exit 1 when refused. */
export function registerApplyCommand(program: Command): Command {
  return program.command('apply')
    .description('create or update the objects in a YAML file (honours metadata.resourceVersion when given); refuses what would be Rejected')
    .requiredOption('-f, --filename <file>', 'YAML file with one or more documents, or - for standard input')
    .addOption(storeOption())
    .option('--changeset <name>', 'commit each object to this changeset (created from the deployed branch when new) instead of writing the folder')
    .option('--force', 'apply even objects that would be Rejected')
    .option('--dry-run', 'print the state each object would get, and write nothing')
    .action(async (opts: ApplyOpts) => {
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
        await applyAll(store, parsed.resources.map((d) => d.resource), opts);
      } finally {
        await store.close();
      }
    });
}

/** Validates, then (unless refused or a dry run) writes each object, printing one line per object. */
async function applyAll(store: ResourceStore, resources: readonly Resource[], opts: ApplyOpts): Promise<void> {
  const { verdicts: statuses, plans } = await previewApply(store, resources);
  const rejected = resources.filter((r) => statuses.get(refKey(r))?.state === 'Rejected');
  if (opts.dryRun) {
    for (const r of resources) process.stdout.write(`${labelOf(r)} ${plans.get(refKey(r))} (dry run): ${stateText(statuses.get(refKey(r)))}\n`);
    if (rejected.length && !opts.force) process.exitCode = EXIT_FAILURE;
    return;
  }
  for (const r of resources) {
    const s = statuses.get(refKey(r));
    if (s?.state === 'Warning' || s?.state === 'Rejected') process.stderr.write(`${s.state === 'Rejected' ? 'error' : 'warning'}: ${labelOf(r)}${s.state === 'Rejected' ? ' would be Rejected' : ''}: ${s.problems.join('; ')}\n`);
  }
  if (rejected.length && !opts.force) {
    process.stderr.write(`nothing applied: ${rejected.length} object${rejected.length === 1 ? '' : 's'} would be Rejected; fix ${rejected.length === 1 ? 'it' : 'them'}, or apply anyway with --force\n`);
    process.exitCode = EXIT_FAILURE;
    return;
  }
  for (const r of resources) process.stdout.write(`${await applyOne(store, r)}\n`);
}

function labelOf(r: Resource): string {
  return `${r.kind.toLowerCase()} ${r.metadata.namespace}/${r.metadata.name}`;
}

function stateText(s: ApplyVerdict | undefined): string {
  return s?.problems.length ? `${s.state}: ${s.problems.join('; ')}` : String(s?.state ?? 'Pending');
}

async function readExisting(store: ResourceStore, r: Resource): Promise<Resource | undefined> {
  return store.client(r.kind).read(r.metadata.namespace, r.metadata.name).catch((e) => {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  });
}

/**
 * Writes one object; the line names where it went (`… created in hello-vs.yaml`) when the store has files. A create the
 * store refuses as AlreadyExists (another writer created the object meanwhile, or a folder store found it in a file that
 * was being saved when it was read) configures the object instead.
 */
async function applyOne(store: ResourceStore, r: Resource): Promise<string> {
  const client = store.client(r.kind);
  const label = labelOf(r);
  const { source: _source, status: _status, ...obj } = r;
  let existing = await readExisting(store, r);
  if (!existing) {
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    try {
      return `${label} created${where(await client.write({ ...obj, metadata } as Resource, {}))}`;
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      existing = await readExisting(store, r);
    }
  }
  if (existing && planOver(existing, r) === 'unchanged') return `${label} unchanged${where(existing)}`;
  const expected = r.metadata.resourceVersion;
  return `${label} configured${where(await client.write(obj as Resource, { overwrite: true, ...(expected ? { expectedResourceVersion: expected } : { }) }))}`;
}

function where(r: Resource | undefined): string {
  return r?.source?.file ? ` in ${r.source.file}` : '';
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

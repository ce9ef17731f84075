// `xds-sandbox changeset create|list|show|diff|merge|discard|push|pull`: changesets of a config folder in Git. Exit codes
// and JSON shapes are a contract (docs/cli.md, docs/gitops.md).
import type { Command } from 'commander';
import { formatXdsDiff } from '../../../common/diff/xds-diff';
import { formatChangesetList, formatChangesetReview, formatMergeOutcome } from '../../../common/gitops/review-format';
import type { ResourceStore } from '../../../common/store/resource-client';
import { mergeChangeset } from '../../gitops/changeset-merge';
import { openChangesetStore } from '../../gitops/changeset-store';
import { pullDeployed, pushChangeset } from '../../gitops/changeset-remote';
import { reviewChangeset } from '../../gitops/changeset-review';
import { changesetSummary, createChangeset, discardChangeset, listChangesets } from '../../gitops/changesets';
import { locateGitFolder, type GitFolder } from '../../gitops/git-repo';
import { storeScheme } from '../../store/open-store';
import { EXIT_FAILURE, UsageError } from '../exit-codes';
import { outputOption } from '../cli-options';

interface FolderOpts { store?: string }
interface OutputOpts extends FolderOpts { output: string }

/** Registers `changeset` and its subcommands. */
export function registerChangesetCommand(program: Command): Command {
  const cmd = program.command('changeset')
    .description('changesets: config edits on a Git branch, reviewed (statuses, route tests, traffic, xDS) and merged to deploy them');
  const sub = (name: string, description: string) => cmd.command(name).description(description)
    .option('--store <folder>', 'the served config folder, inside a Git work tree (default: the current folder)').exitOverride();

  sub('create', 'create a changeset (branch changeset/NAME) from the deployed branch').argument('<name>')
    .option('--from <ref>', 'start from this ref instead of the deployed branch')
    .action(async (name: string, opts: FolderOpts & { from?: string }) => {
      const c = await createChangeset(await repoOf(opts), name, opts.from);
      process.stdout.write(`changeset ${c.name} created (branch ${c.branch} at ${c.commit.slice(0, 12)})\n`);
    });

  sub('list', 'list the changesets, newest first').addOption(outputOption(['text', 'json'], 'text'))
    .action(async (opts: OutputOpts) => {
      const list = await listChangesets(await repoOf(opts));
      process.stdout.write(opts.output === 'json' ? JSON.stringify(list, null, 2) + '\n' : formatChangesetList(list));
    });

  sub('show', 'review a changeset: files, statuses, route tests before and after, traffic diff, xDS diff').argument('<name>')
    .addOption(outputOption(['text', 'json'], 'text'))
    .action(async (name: string, opts: OutputOpts) => {
      const review = await reviewChangeset(await repoOf(opts), name);
      process.stdout.write(opts.output === 'json' ? JSON.stringify(review, null, 2) + '\n' : formatChangesetReview(review));
    });

  sub('diff', 'the YAML diff and the xDS diff merging a changeset would make; exit 1 when they differ, like `diff`').argument('<name>')
    .addOption(outputOption(['text', 'json'], 'text'))
    .action(async (name: string, opts: OutputOpts) => {
      const repo = await repoOf(opts);
      const review = await reviewChangeset(repo, name);
      const files = review.files;
      if (opts.output === 'json') process.stdout.write(JSON.stringify({ files, xds: review.xds }, null, 2) + '\n');
      else process.stdout.write(files.map((f) => f.patch).join('') + `\nxDS:\n${formatXdsDiff(review.xds)}\n`);
      if (files.length || !review.xds.equal) process.exitCode = EXIT_FAILURE;
    });

  sub('merge', 'merge a changeset into the deployed branch (the served folder follows); refused on conflicts and, unless --force, on problems')
    .argument('<name>').option('--force', 'merge even though its config has Rejected objects or failing route tests')
    .action(async (name: string, opts: FolderOpts & { force?: boolean }) => {
      const outcome = await mergeChangeset(await repoOf(opts), name, { force: opts.force === true });
      (outcome.merged ? process.stdout : process.stderr).write(formatMergeOutcome(outcome));
      if (!outcome.merged && outcome.reason !== 'nothing') process.exitCode = EXIT_FAILURE;
    });

  sub('discard', 'delete a changeset\'s branch').argument('<name>')
    .action(async (name: string, opts: FolderOpts) => {
      const repo = await repoOf(opts);
      const { branch } = await changesetSummary(repo, name);
      const commit = await discardChangeset(repo, name);
      process.stdout.write(`changeset ${name} discarded (it was at ${commit.slice(0, 12)}; \`git branch ${branch} ${commit.slice(0, 12)}\` brings it back)\n`);
    });

  sub('push', 'push a changeset\'s branch to the remote, for review on the forge').argument('<name>')
    .option('--remote <remote>', 'the remote (default: the deployed branch\'s, else origin)')
    .action(async (name: string, opts: FolderOpts & { remote?: string }) => {
      const pushed = await pushChangeset(await repoOf(opts), name, opts.remote);
      process.stdout.write(`pushed ${pushed.branch} to ${pushed.remote}\n${pushed.messages.map((m) => `  ${m}\n`).join('')}`);
    });

  sub('pull', 'fetch the remote and fast-forward the deployed branch (and the served folder) to its copy of it')
    .option('--remote <remote>', 'the remote (default: the deployed branch\'s, else origin)')
    .action(async (opts: FolderOpts & { remote?: string }) => {
      const r = await pullDeployed(await repoOf(opts), opts.remote);
      process.stdout.write(r.from === r.to ? `${r.branch} is up to date with ${r.remote}/${r.branch}\n` : `${r.branch}: ${r.from.slice(0, 12)} → ${r.to.slice(0, 12)} from ${r.remote}\n`);
      if (r.mergedChangesets.length) process.stdout.write(`merged changesets (discard them when done): ${r.mergedChangesets.join(', ')}\n`);
    });
  return cmd;
}

async function repoOf(opts: FolderOpts): Promise<GitFolder> {
  const folder = opts.store ?? '.';
  if (storeScheme(folder) !== undefined) throw new UsageError(`changesets live in a Git repository: --store must be a config folder, not ${folder}`);
  return locateGitFolder(folder);
}

/** The store `apply`/`delete --changeset NAME` write to: the changeset of the folder's repository, created when new (said on stderr). */
export async function openChangesetForCommand(folder: string, name: string): Promise<ResourceStore> {
  if (storeScheme(folder) !== undefined) throw new UsageError(`--changeset needs a config folder in a Git work tree as the store, not ${folder}`);
  const store = await openChangesetStore(folder, name, { create: true });
  if (store.created) process.stderr.write(`changeset ${name} created (branch ${store.branch})\n`);
  return store;
}

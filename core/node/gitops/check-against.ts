// `check --against REF`: the config folder as it is now, checked and compared with the same folder at REF, so a CI job
// can fail a pull request whose change makes an object Rejected, fails a route test or breaks a file.
import { checkReport, formatCheckText, type CheckReport } from '../../common/loop/check-report';
import { formatConfigReview } from '../../common/gitops/review-format';
import type { ConfigReview } from '../../common/gitops/review-types';
import { reviewTranslated } from '../../common/gitops/review';
import { createPipeline } from '../../common/translate/pipeline';
import { runOnePass } from '../engine/one-pass';
import { re2Error } from '../engine/re2-validator';
import { snapshotOfTree } from './changeset-review';
import { locateGitFolder, resolveCommit } from './git-repo';
import { BlobCache } from './tree-config';

/** The check of the folder now, and its review against REF: `report` as `check -o json` prints it, plus `against`. */
export interface CheckAgainstResult {
  readonly report: CheckReport;
  readonly against: ConfigReview & { readonly ref: string; readonly commit: string };
}

/** Checks `folder` (as it is on disk) against the same folder at `ref`. */
export async function checkAgainst(folder: string, ref: string): Promise<CheckAgainstResult> {
  const repo = await locateGitFolder(folder);
  const commit = await resolveCommit(repo, ref);
  const before = await snapshotOfTree(repo, commit, new BlobCache());
  const now = await runOnePass(folder);
  const pipeline = createPipeline({ regexValidator: re2Error });
  const t0 = performance.now();
  const a = pipeline.run(before);
  const b = pipeline.run(now.snapshot);
  const review = reviewTranslated(before, now.snapshot, a, b, performance.now() - t0);
  return { report: checkReport(now.snapshot, b), against: { ...review, ref, commit } };
}

/** Whether the check fails: regressions, and with `strict` objects that newly get a Warning. */
export function failsAgainst(r: CheckAgainstResult, strict = false): boolean {
  const warned = r.against.statuses.some((s) => s.after?.state === 'Warning' && s.before?.state !== 'Warning');
  return r.against.regressions.length > 0 || (strict && warned);
}

/** The text: the usual check lines, then the comparison with REF and its verdict. */
export function formatCheckAgainst(r: CheckAgainstResult, strict = false): string {
  const a = r.against;
  const lines = [`\nAgainst ${a.ref} (${a.commit.slice(0, 12)}):`, ...formatConfigReview(a), ''];
  if (a.regressions.length) lines.push(`FAIL: the change makes ${a.regressions.length} thing${a.regressions.length === 1 ? '' : 's'} worse:`, ...a.regressions.map((x) => `  - ${x}`));
  else if (failsAgainst(r, strict)) lines.push('FAIL: the change gives objects a new Warning (--strict)');
  else lines.push('OK: the change makes nothing Rejected and fails no route test');
  return formatCheckText(r.report) + lines.join('\n') + '\n';
}

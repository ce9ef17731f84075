// cli_check: wall time of `xds-sandbox check` on the demo folder, as a user runs it (a new process each time).
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../children/spawn';
import type { Scenario } from '../scenario';
import { summarize } from '../stats';

const TARGET_MS = 200;

function timeCheck(env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'xds-sandbox.js'), 'check', join(REPO_ROOT, 'fixtures', 'demo')], { cwd: REPO_ROOT, env, stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`xds-sandbox check fixtures/demo exited ${r.status}`);
  return ms;
}

/** The cli_check scenario. */
export const cliCheck: Scenario = {
  name: 'cli_check',
  method: '`node bin/xds-sandbox.js check fixtures/demo` is run as a new process, one at a time, and timed from spawn to exit (wall). ' +
    'The bundle (dist/cli/main.cjs) is built first with `node scripts/bundle.mjs`, as `npm install` does, so the bin runs compiled ' +
    'JavaScript; `sources_median_ms` is the same command with `XDS_SANDBOX_FROM_SOURCE=1` (TypeScript through tsx). 2 unmeasured runs first.',
  async run(ctx) {
    execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bundle.mjs')], { cwd: REPO_ROOT, stdio: 'ignore' });
    const runs = ctx.quick ? 5 : 15;
    const bundled: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const ms = timeCheck(process.env);
      if (i >= 2) bundled.push(ms);
    }
    const sources: number[] = [];
    for (let i = 0; i < (ctx.quick ? 2 : 5); i++) sources.push(timeCheck({ ...process.env, XDS_SANDBOX_FROM_SOURCE: '1' }));
    const s = summarize(bundled);
    ctx.emit({ name: 'cli_check', size: 'demo', ...s, sources_median_ms: summarize(sources).median_ms, target: `median ≤ ${TARGET_MS} ms wall`, met: s.median_ms <= TARGET_MS });
  },
};

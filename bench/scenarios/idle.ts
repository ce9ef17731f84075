// idle: RSS and CPU of `xds-sandbox serve` as a real process, idling on a watched 1k YAML folder.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeYamlFolder } from '../../fixtures/gen/write-config';
import { REPO_ROOT, wrap } from '../children/spawn';
import { label, sizeOf } from '../config';
import { procSample } from '../machine';
import type { Scenario, ScenarioContext } from '../scenario';
import { round } from '../stats';

const TARGET_RSS_MB = 150;
const TARGET_CPU_PCT = 1;

/** The idle scenario. */
export const idle: Scenario = {
  name: 'idle',
  method: '`node bin/xds-sandbox.js serve FOLDER --xds-port 0 --no-ui --no-open --envoy off` runs as a child process on a generated ' +
    '1k YAML folder (1k Upstreams, 1k VirtualServices × 10 routes), watched. After it printed its xDS address and ' +
    'logged its first finished pass (`first_pass_ms` from spawn: reading the folder, translating, publishing and writing every status), ' +
    'it is left alone with no client connected: first `settle_ms` (30 s; quick: 2 s), in which V8 usually gives back the heap the first ' +
    'pass grew into (`rss_after_pass_mb` at its start, `settle_cpu_ms` spent in it), then the measured window of 30 s (quick: 10 s). ' +
    'CPU time is read from /proc/PID/stat (utime + stime, all threads) at both ends of the window (`cpu_ms`, and `cpu_pct` of one ' +
    'core), RSS from /proc/PID/status (`rss_mb` at the end of the window, `peak_rss_mb` = VmHWM, the peak since start). Target: ' +
    'RSS ≤ 150 MB and CPU ≤ 1% of one core ("about 0%") over the window.',
  async run(ctx: ScenarioContext): Promise<void> {
    const vs = 1000;
    const firstPassTimeoutMs = ctx.quick ? 30_000 : 600_000;
    const dir = mkdtempSync(join(tmpdir(), 'xds-bench-idle-'));
    writeYamlFolder(dir, sizeOf(vs));
    const t0 = performance.now();
    const proc = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'xds-sandbox.js'), 'serve', dir, '--xds-port', '0', '--no-ui', '--no-open', '--envoy', 'off'], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = wrap(proc);
    let firstPass: () => void = () => {};
    const passed = new Promise<void>((resolve) => (firstPass = resolve));
    const stderrTail: string[] = [];
    createInterface({ input: proc.stderr! }).on('line', (l) => {
      stderrTail.push(l);
      if (stderrTail.length > 20) stderrTail.shift();
      if (/^pass \d+:/.test(l)) firstPass();
    });
    try {
      await child.line((l) => l.startsWith('xds: '), 60_000);
      const timedOut = new Promise((_, reject) => setTimeout(() => reject(new Error(`serve logged no finished pass within ${firstPassTimeoutMs / 1000} s`)), firstPassTimeoutMs));
      await Promise.race([passed, timedOut]);
      const startupMs = performance.now() - t0;
      const settleMs = ctx.quick ? 2000 : 30_000;
      const windowMs = ctx.quick ? 10_000 : 30_000;
      const afterPass = procSample(proc.pid!);
      await new Promise((r) => setTimeout(r, settleMs));
      const a = procSample(proc.pid!);
      const w0 = performance.now();
      await new Promise((r) => setTimeout(r, windowMs));
      const b = procSample(proc.pid!);
      const elapsed = performance.now() - w0;
      const cpuMs = b.cpuMs - a.cpuMs;
      const cpuPct = (cpuMs / elapsed) * 100;
      ctx.emit({
        name: 'idle', size: label(vs), rss_mb: b.rssMb, cpu_ms: round(cpuMs), cpu_pct: round(cpuPct), window_ms: Math.round(elapsed),
        rss_after_pass_mb: afterPass.rssMb, settle_cpu_ms: round(a.cpuMs - afterPass.cpuMs), settle_ms: settleMs, peak_rss_mb: b.peakRssMb,
        first_pass_ms: Math.round(startupMs), target: `rss ≤ ${TARGET_RSS_MB} MB and cpu ≤ ${TARGET_CPU_PCT}% over the window`,
        met: b.rssMb <= TARGET_RSS_MB && cpuPct <= TARGET_CPU_PCT,
      });
    } finally {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

// Runs a local Envoy from a generated bootstrap: captures its log, watches /ready, restarts it with backoff when it dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvoyView } from '../../common/api/contract';
import { envoyBootstrap } from '../../common/xds/envoy-bootstrap';
import type { XdsSnapshot } from '../../common/xds/xds-snapshot';
import { adminGet, compareWithServed } from './envoy-admin';

/** What the supervisor needs to start Envoy. */
export interface EnvoyProcessOptions {
  readonly binary: string;
  readonly proxy: string;
  readonly xdsPort: number;
  readonly adminPort: number;
  /** Folder for the bootstrap file and Envoy's log. */
  readonly workDir: string;
  readonly onChange?: (view: EnvoyView) => void;
  /** What the sandbox serves this Envoy now, to compare with its config_dump. */
  readonly served?: () => XdsSnapshot | undefined;
}

const CONFIG_CHECK_MS = 5000;

const LOG_LINES = 200;
const MAX_BACKOFF_MS = 30_000;

/** Supervises one Envoy process. */
export class EnvoyProcess {
  private child?: ChildProcess;
  private view: EnvoyView;
  private readonly log: string[] = [];
  private backoffMs = 500;
  private stopped = false;
  private readyTimer?: NodeJS.Timeout;
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly o: EnvoyProcessOptions) {
    this.view = { state: 'starting', adminUrl: `http://127.0.0.1:${o.adminPort}`, logTail: [] };
  }

  /** The current state and the last log lines. */
  state(): EnvoyView {
    return { ...this.view, logTail: [...this.log] };
  }

  /** Writes the bootstrap and starts Envoy. */
  start(): void {
    mkdirSync(this.o.workDir, { recursive: true });
    const bootstrapPath = join(this.o.workDir, 'envoy-bootstrap.json');
    writeFileSync(bootstrapPath, JSON.stringify(envoyBootstrap({ proxy: this.o.proxy, xdsHost: '127.0.0.1', xdsPort: this.o.xdsPort, adminPort: this.o.adminPort }), null, 2));
    this.set({ state: 'starting', message: `starting ${this.o.binary}` });
    const child = spawn(this.o.binary, ['-c', bootstrapPath, '--log-level', 'info', '--drain-time-s', '1', '--use-dynamic-base-id'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const onData = (b: Buffer) => this.append(b.toString('utf8'));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (err) => this.append(`failed to start Envoy: ${err.message}\n`));
    child.on('exit', (code, signal) => this.onExit(code, signal));
    this.pollReady();
  }

  /** Stops Envoy and any pending restart; resolves when the process has exited. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.readyTimer);
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private pollReady(): void {
    this.readyTimer = setTimeout(async () => {
      if (this.stopped || !this.child) return;
      const body = await adminGet(this.o.adminPort, '/ready');
      if (body?.trim() === 'LIVE') {
        this.backoffMs = 500;
        this.set({ state: 'ready', message: `Envoy is ready (admin ${this.view.adminUrl})` });
        this.checkConfigDump();
      } else this.pollReady();
    }, 250);
    this.readyTimer.unref();
  }

  /** While Envoy is ready, compares its config_dump with what was served every few seconds. */
  private checkConfigDump(): void {
    this.readyTimer = setTimeout(async () => {
      if (this.stopped || this.view.state !== 'ready') return;
      const served = this.o.served?.();
      const dump = await adminGet(this.o.adminPort, '/config_dump');
      if (served && dump) {
        const diff = compareWithServed(JSON.parse(dump), served);
        if (JSON.stringify(diff) !== JSON.stringify(this.view.configDiff)) this.set({ configDiff: diff });
      }
      this.checkConfigDump();
    }, CONFIG_CHECK_MS);
    this.readyTimer.unref();
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(this.readyTimer);
    if (this.stopped) return this.set({ state: 'off', message: 'Envoy stopped' });
    this.set({ state: 'crashed', message: `Envoy exited (${signal ?? `code ${code}`}); restarting in ${this.backoffMs} ms` });
    this.restartTimer = setTimeout(() => this.start(), this.backoffMs);
    this.restartTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }

  private append(text: string): void {
    for (const line of text.split('\n')) if (line.trim()) this.log.push(line);
    if (this.log.length > LOG_LINES) this.log.splice(0, this.log.length - LOG_LINES);
  }

  private set(patch: Partial<EnvoyView>): void {
    this.view = { ...this.view, ...patch };
    this.o.onChange?.(this.state());
  }
}

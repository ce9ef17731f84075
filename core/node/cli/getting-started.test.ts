// docs/getting-started.md, run as a reader would: its YAML saved where it says, every shell command run in order (serve
// and demo-backend in the background), and the output it shows (text and JSON blocks) found in what the commands print.
// Two liberties: the demo backend gets a free port instead of 9000, and serve gets free ports and no browser or Envoy.
import { exec, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin/xds-sandbox.js');
const doc = readFileSync(join(root, 'docs/getting-started.md'), 'utf8');
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-getting-started-'));
const background: ChildProcessWithoutNullStreams[] = [];
afterAll(async () => {
  // A stopped serve still writes its state (the xDS it served) into the folder: remove the folder once each has exited.
  await Promise.all(background.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise<void>((done) => {
    c.once('exit', () => done());
    c.kill('SIGTERM');
    setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
  }))));
  rmSync(temp, { recursive: true, force: true });
}, 30_000);

/** A fenced block of the document, and the paragraph before it. */
interface Block {
  readonly lang: string;
  readonly body: string;
  readonly before: string;
}

/** The document's fenced blocks, in order. */
function fencedBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const re = /```(\w*)\n([\s\S]*?)```/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    blocks.push({ lang: m[1], body: m[2], before: text.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  return blocks;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

function sh(line: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    exec(line, { cwd: temp, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr });
    });
  });
}

function startBackground(args: string[]): { output: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: temp, env: { ...process.env, NO_COLOR: '1' } });
  background.push(child);
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  return { output: () => out };
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A shown output line as a pattern: `…` stands for anything, and a pass number for any pass. */
function linePattern(line: string): RegExp {
  const escaped = line.trim().split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(escaped.replace(/^pass \d+:/, 'pass \\d+:'), 'm');
}

describe('docs/getting-started.md', () => {
  it('every command runs, and prints what the document shows', async () => {
    const port = String(await freePort());
    const withPort = (text: string) => text.replaceAll('9000', port);
    const blocks = fencedBlocks(doc);
    let serve: { output: () => string } | undefined;
    let last = '';
    let ran = 0;
    for (const block of blocks) {
      if (block.lang === 'yaml') {
        const file = /Save this as `([^`]+)`/.exec(block.before)?.[1];
        expect(file, 'each YAML block says where to save it').toBeDefined();
        expect(block.body, `${file} is the same as fixtures/getting-started`).toBe(readFileSync(join(root, 'fixtures/getting-started', file!.split('/').pop()!), 'utf8'));
        mkdirSync(join(temp, dirname(file!)), { recursive: true });
        writeFileSync(join(temp, file!), withPort(block.body));
        continue;
      }
      if (block.lang === 'text' || block.lang === 'json') {
        for (const line of block.body.split('\n').filter((l) => l.trim() && l.trim() !== '…')) {
          const pattern = linePattern(withPort(line));
          if (line.startsWith('pass ')) await until(() => pattern.test(serve?.output() ?? ''), `serve to print ${line}`);
          else expect(last, `the output shown before "${line}"`).toMatch(pattern);
        }
        continue;
      }
      if (block.lang !== 'sh') continue;
      for (const line of block.body.split('\n').filter((l) => l.trim())) {
        ran++;
        const args = line.replace(/^npx xds-sandbox /, '').split(' ');
        if (line.startsWith('npx xds-sandbox demo-backend')) {
          const backend = startBackground(withPort(args.join(' ')).split(' '));
          await until(() => /^demo-backend: 127\.0\.0\.1:\d+/m.test(backend.output()), 'the demo backend');
          continue;
        }
        if (line.startsWith('npx xds-sandbox serve')) {
          serve = startBackground([...args, '--xds-port', '0', '--ui-port', '0', '--no-open', '--envoy', 'off']);
          await until(() => /pass \d+: .*published gloo-system~gateway-proxy@/.test(serve!.output()), 'the first published pass');
          continue;
        }
        const passes = (serve?.output().match(/^pass \d+: input/gm) ?? []).length;
        const result = await sh(withPort(line.replaceAll('npx xds-sandbox', `"${process.execPath}" "${bin}"`)));
        expect(result.code, `${line}\n${result.out}`).toBe(0);
        last = result.out;
        // An edit: wait for the serve to take it in before the next command asks it.
        if (line.startsWith('perl ') && serve) await until(() => (serve!.output().match(/^pass \d+: input/gm) ?? []).length > passes, `a pass after: ${line}`);
      }
    }
    expect(ran).toBeGreaterThan(8);
    expect(last).toMatch(/3 accepted, 0 warning, 0 rejected, 0 file errors/);
  }, 300_000);
});

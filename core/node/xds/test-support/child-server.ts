// The parent side of xds-server-child.ts: starts the xDS server in a child process (with
// --expose-gc, so memory is measured after a full collection) and sends it commands.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildCommand, ChildMemory, ChildReply } from './xds-server-child';

const CHILD = fileURLToPath(new URL('./xds-server-child.ts', import.meta.url));

/** A running child xDS server. */
export class ChildServer {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: ChildReply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    /** The child's xDS port. */
    readonly port: number,
  ) {
    child.on('message', (reply: ChildReply) => {
      if ('id' in reply) this.pending.get(reply.id)?.(reply);
    });
  }

  /** Starts a child serving the test proxy with `clusters` clusters; resolves once it listens. */
  static async start(clusters: number): Promise<ChildServer> {
    const child = fork(CHILD, [String(clusters)], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (reply: ChildReply) => (reply.op === 'ready' ? resolve(reply.port) : reject(new Error(`unexpected ${reply.op}`))));
      child.once('exit', (code) => reject(new Error(`xDS child exited with ${code}: ${stderr}`)));
    });
    return new ChildServer(child, port);
  }

  /** Builds the next cluster set (not yet published); resolves with its CDS version. */
  async prepare(): Promise<string> {
    const reply = await this.ask('prepare');
    return reply.op === 'prepared' ? reply.clusterVersion : '';
  }

  /** Publishes the prepared cluster set; resolves with its CDS version. */
  async publish(): Promise<string> {
    const reply = await this.ask('publish');
    return reply.op === 'published' ? reply.clusterVersion : '';
  }

  /** Memory after a full GC, and the peak RSS since the previous call. */
  async memory(): Promise<ChildMemory> {
    const reply = await this.ask('memory');
    if (reply.op !== 'memory') throw new Error(`unexpected ${reply.op}`);
    return reply;
  }

  /** Streams whose node the server lists. */
  async streams(): Promise<number> {
    const reply = await this.ask('streams');
    return reply.op === 'streams' ? reply.count : -1;
  }

  /** Stops the server and waits for the child to exit. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await Promise.race([this.ask('close'), new Promise((resolve) => setTimeout(resolve, 3000))]);
    this.child.kill();
    await exited;
  }

  private ask(op: ChildCommand['op']): Promise<ChildReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => {
        this.pending.delete(id);
        resolve(reply);
      });
      this.child.send({ id, op } satisfies ChildCommand);
    });
  }
}

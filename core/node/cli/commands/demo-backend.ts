// `xds-sandbox demo-backend --port N`: an echo backend (HTTP/1.1, HTTP/2 and gRPC on one port) for a first route to go to.
import type { Command } from 'commander';
import { startDemoBackend } from '../../demo/demo-backend';
import { parsePort } from '../cli-options';

/** Registers `demo-backend [--port 9000] [--host 127.0.0.1] [--name demo-backend] [--quiet]`; runs until SIGINT or SIGTERM. */
export function registerDemoBackendCommand(program: Command): Command {
  return program.command('demo-backend')
    .description('run an echo backend (HTTP and gRPC on one port) that answers every request with what it received')
    .option('--port <port>', 'port to listen on; 0 picks a free one', '9000')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--name <name>', 'the name each answer carries, to tell backends apart', 'demo-backend')
    .option('--quiet', 'do not log each request')
    .action(async (opts: { port: string; host: string; name: string; quiet?: boolean }) => {
      const backend = await startDemoBackend({
        port: parsePort(opts.port), host: opts.host, name: opts.name, ...(opts.quiet ? {} : { log: (line: string) => process.stderr.write(`${line}\n`) }),
      }).catch((err: Error) => {
        throw new Error(`cannot listen on ${opts.host}:${opts.port}: ${err.message}`);
      });
      process.stdout.write(`demo-backend: ${opts.host}:${backend.port} (HTTP/1.1, HTTP/2 and gRPC)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await backend.close();
    });
}

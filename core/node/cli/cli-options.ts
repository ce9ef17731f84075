// Option parsing shared by the commands: the store argument, proxy keys, key=value lists, output formats.
import { Option } from 'commander';
import { UsageError } from './exit-codes';

/** What a store argument may be, for --help. */
export const STORE_HELP = 'the store: a folder path, sqlite:PATH, etcd:http://HOST:PORT[/prefix], kube:[CONTEXT][/NAMESPACE], git:PATH@REF or memory:';

/** The `--store STORE` option every command that reads config takes. */
export function storeOption(): Option {
  return new Option('--store <store>', `${STORE_HELP} (default: the current folder)`);
}

/** The store named by the positional argument or --store (not both, unless equal); the current folder when neither. */
export function resolveStore(positional: string | undefined, flag: string | undefined): string {
  if (positional && flag && positional !== flag) throw new UsageError(`the store is given twice (${positional} and --store ${flag}); give it once`);
  return positional ?? flag ?? '.';
}

/** A proxy key `namespace~name`, or a UsageError. */
export function parseProxyKey(value: string): string {
  if (!/^[^~\s]+~[^~\s]+$/.test(value)) throw new UsageError(`--proxy must be NAMESPACE~NAME (e.g. gloo-system~gateway-proxy), not "${value}"`);
  return value;
}

/** Collects repeated `K=V` options into a record; a value without `=` is a UsageError. */
export function collectKeyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const i = value.indexOf('=');
  if (i <= 0) throw new UsageError(`expected KEY=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, i)]: value.slice(i + 1) };
}

/** An `-o` option limited to the given formats. */
export function outputOption(formats: readonly string[], fallback: string): Option {
  return new Option('-o, --output <format>', 'output format').choices(formats).default(fallback);
}

/** A port number option value (0 means any free port), or a UsageError. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`a port must be a whole number from 0 to 65535, not "${value}"`);
  return n;
}

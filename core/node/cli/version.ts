// The package version, read once from package.json.
import { readFileSync } from 'node:fs';

/** The `version` field of the project's package.json. */
export function readPackageVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

// Helpers of the store tests: temp folders, sample objects, waiting for conditions and recording watch deliveries.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KindName } from '../../common/model/kinds';
import { stringify } from 'yaml';
import { resourceToManifest } from '../../common/model/manifest';
import type { Resource } from '../../common/model/resource';

const made: string[] = [];

/** A new empty folder under the OS temp folder; removeTempDirs() deletes every one made. */
export function makeTempDir(prefix = 'xds-store-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Deletes every folder makeTempDir made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A valid static Upstream, with optional labels. */
export function upstream(name: string, namespace = 'default', labels?: Record<string, string>, port = 8080): Resource<'Upstream'> {
  return {
    kind: 'Upstream',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: { static: { hosts: [{ addr: '127.0.0.1', port }] } },
  };
}

/** The objects as one multi-document YAML text, as a user's file holds them. */
export function manifests(list: readonly Resource[]): string {
  return list.map((r) => stringify(resourceToManifest(r))).join('---\n');
}

/** Resolves when check() returns (or resolves to) true, polled every 2 ms; rejects after timeoutMs with the message. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 3000, message = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await sleep(2);
  }
}

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Every list a watch delivered, with helpers to wait for one that satisfies a condition. */
export class ListRecorder<K extends KindName = KindName> {
  readonly lists: Resource<K>[][] = [];

  /** The callback to hand to watch(). */
  readonly onList = (list: Resource<K>[]): void => {
    this.lists.push(list);
  };

  /** The last list delivered (empty before any). */
  get last(): Resource<K>[] {
    return this.lists[this.lists.length - 1] ?? [];
  }

  /** Names (`namespace/name`) of the last list. */
  lastNames(): string[] {
    return this.last.map((r) => `${r.metadata.namespace}/${r.metadata.name}`);
  }

  /** Waits until the last list satisfies check. */
  async waitFor(check: (list: Resource<K>[]) => boolean, timeoutMs = 3000, message = 'a matching list'): Promise<Resource<K>[]> {
    await waitUntil(() => this.lists.length > 0 && check(this.last), timeoutMs, message);
    return this.last;
  }
}

/** The repository's fixtures folder. */
export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** A temp copy of a folder under fixtures/ (e.g. `layouts/solo-kit`), safe to edit; never the state a serve left in it. */
export function copyFixture(name: string): string {
  const dir = makeTempDir('xds-fixture-');
  cpSync(join(FIXTURES, name), dir, { recursive: true, filter: (src) => !src.split('/').includes('.xds-sandbox') });
  return dir;
}

// Seeding an empty store with a folder of YAML (the demo config on first run).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KIND_NAMES } from '../../common/model/kinds';
import type { Resource } from '../../common/model/resource';
import { parseYamlFile } from '../../common/model/yaml-documents';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { openStore } from '../store/open-store';

/** Writes every object of the YAML files under `folder` into the store when the store holds no objects; returns how many were written. */
export async function seedStoreIfEmpty(storeSpec: string, folder: string): Promise<number> {
  const store = await openStore(storeSpec, { watch: false });
  try {
    for (const kind of KIND_NAMES) if ((await store.client(kind).list(ALL_NAMESPACES)).length) return 0;
    let n = 0;
    for (const file of yamlFiles(folder)) {
      const parsed = parseYamlFile(readFileSync(file, 'utf8'), relative(folder, file));
      for (const { resource } of parsed.resources) {
        const { source: _s, ...obj } = resource;
        await store.client(obj.kind).write(obj as Resource, {});
        n++;
      }
    }
    return n;
  } finally {
    await store.close();
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

// One reconcile pass over a store, for the commands that read config once (check, translate, route, diff).
import { KIND_NAMES, type KindName } from '../../common/model/kinds';
import type { Resource } from '../../common/model/resource';
import { buildApiSnapshot, type ApiSnapshot } from '../../common/snapshot/api-snapshot';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { createPipeline, type PipelineResult } from '../../common/translate/pipeline';
import { isGeneratedObject } from '../../common/model/generated';
import { openStore } from '../store/open-store';
import { re2Error } from './re2-validator';

/** The snapshot read from a store and the pipeline's result for it. */
export interface OnePass {
  readonly snapshot: ApiSnapshot;
  readonly result: PipelineResult;
}

/** Opens the store without watching, reads every kind, runs the pipeline once and closes the store. */
export async function runOnePass(storeSpec: string): Promise<OnePass> {
  const store = await openStore(storeSpec, { watch: false });
  try {
    const lists: Partial<Record<KindName, Resource[]>> = {};
    for (const kind of KIND_NAMES) {
      (lists as Record<string, Resource[]>)[kind] = (await store.client(kind).list(ALL_NAMESPACES)).filter((r) => !isGeneratedObject(r));
    }
    const snapshot = buildApiSnapshot(lists, store.problems());
    const result = createPipeline({ regexValidator: re2Error }).run(snapshot);
    return { snapshot, result };
  } finally {
    await store.close();
  }
}

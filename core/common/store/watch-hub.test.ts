import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { WatchHub } from './watch-hub';

const upstream = (name: string): Resource => ({ kind: 'Upstream', metadata: { namespace: 'default', name, resourceVersion: name }, spec: {} }) as Resource;

describe('WatchHub.delivered', () => {
  it('resolves only after each watcher got the list that follows a change, even when listing is slow', async () => {
    for (let round = 0; round < 3; round++) {
      let objects: Resource[] = [upstream('a')];
      const hub = new WatchHub(async () => {
        await new Promise((r) => setTimeout(r, 5));
        return objects;
      });
      const lists: string[][] = [];
      hub.add('Upstream', 'default', (list) => lists.push(list.map((r) => r.metadata.name)));
      await hub.delivered();
      expect(lists).toEqual([['a']]);
      objects = [upstream('a'), upstream('b')];
      hub.changed(['Upstream']);
      await hub.delivered();
      expect(lists).toEqual([['a'], ['a', 'b']]);
      hub.stopAll();
    }
  });

  it('resolves at once when nothing is pending', async () => {
    const hub = new WatchHub(async () => []);
    await expect(hub.delivered()).resolves.toBeUndefined();
  });
});

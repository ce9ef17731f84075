// A store's polling for other processes' statuses can be switched off (an instance writing every status need not poll)
// and on again (a leader that stepped down shows the new leader's): on again, what was written meanwhile is read.
// Two folder stores on one real folder, each with its own connection to the state database, as two serves have.
import { afterAll, describe, expect, it } from 'vitest';
import type { Status } from '../../common/model/resource';
import { openFolderStore } from './folder-store';
import { ListRecorder, makeTempDir, removeTempDirs, upstream } from './store-test-helpers';

afterAll(removeTempDirs);

const status = (n: number): Status => ({ state: 'Accepted', reason: `round ${n}` } as Status);

describe('switching status polling', () => {
  it('a store that polls again reads the statuses written while it did not, round after round, the state database created meanwhile included', async () => {
    const folder = makeTempDir();
    const writer = await openFolderStore(folder);
    const reader = await openFolderStore(folder);
    const seen = new ListRecorder<'Upstream'>();
    const watch = reader.client('Upstream').watch({ all: true }, seen.onList);
    try {
      await writer.client('Upstream').write(upstream('u'));
      await seen.waitFor((l) => l.length === 1, 10_000, 'the reader to see the object');
      for (let round = 1; round <= 5; round++) {
        reader.setStatusPolling(false);
        await writer.client('Upstream').writeStatus({ namespace: 'default', name: 'u' }, status(round));
        reader.setStatusPolling(true);
        await seen.waitFor((l) => l[0]?.status?.reason === `round ${round}`, 10_000, `the status of round ${round}`);
      }
      // Polling on, a status written later is read too.
      await writer.client('Upstream').writeStatus({ namespace: 'default', name: 'u' }, status(6));
      await seen.waitFor((l) => l[0]?.status?.reason === 'round 6', 10_000, 'the status written while polling');
      expect((await reader.client('Upstream').read('default', 'u')).status?.reason).toBe('round 6');
    } finally {
      watch.stop();
      await reader.close();
      await writer.close();
    }
  });
});

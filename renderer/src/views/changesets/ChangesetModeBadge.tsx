// The header's GitOps badge: the changeset being edited (with a way out), else whether the served config is in sync
// with its deployed branch. Nothing when the served store is not in Git.
import type { ReactNode } from 'react';
import { formatRoute } from '../../router/routes';
import { useEngine, useLiveStore } from '../../state/store-context';
import { gitOpsChanged, useSyncStatus } from './gitops-state';
import './changesets.css';

/** The badge; shown in the header of every view. */
export function ChangesetModeBadge(): ReactNode {
  const client = useEngine();
  const live = useLiveStore();
  const s = useSyncStatus().data;
  if (!s || s.state === 'not-a-repo') return null;
  if (s.changeset) {
    const leave = async () => {
      await client.setChangesetMode(undefined);
      gitOpsChanged();
      void live.refreshResources();
    };
    return (
      <span className="gitops-badge gitops-mode" data-testid="changeset-mode" role="status">
        <a href={formatRoute({ view: 'changesets', name: s.changeset })} title="Saves are commits on this changeset; the served config does not change until it is merged">
          ✎ Editing changeset <span className="mono">{s.changeset}</span>
        </a>
        <button type="button" className="ghost" onClick={() => void leave()} data-testid="leave-changeset">Leave</button>
      </span>
    );
  }
  const text = s.state === 'synced' ? `${s.branch}: in sync` : s.state === 'dirty' ? `${s.branch}: edited by hand` : 'detached HEAD';
  return (
    <a className={`gitops-badge gitops-${s.state}`} href={formatRoute({ view: 'changesets' })} data-testid="sync-badge" data-state={s.state}
      title={s.state === 'dirty' ? `${s.dirty.length} config file(s) differ from ${s.branch}` : s.message ?? `the served config is ${s.branch} at ${s.commit?.slice(0, 12)}`}>
      {s.state === 'synced' ? '✓' : '⚠'} {text}
    </a>
  );
}

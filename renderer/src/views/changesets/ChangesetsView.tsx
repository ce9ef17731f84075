// Changesets (`#/changesets`, `#/changesets/<name>`): the served folder's sync status, every changeset, a form to create
// one (which enters changeset mode), and the selected changeset's review with merge and discard.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { ChangesetSummary, GitSyncStatus } from '../../../../core/common/gitops/review-types';
import { Banner, Empty } from '../../components/Banner';
import { formatRoute } from '../../router/routes';
import { navigate } from '../../router/use-route';
import { useEngine, useLiveStore, useQuery } from '../../state/store-context';
import { gitOpsChanged, useGitOpsVersion, useSyncStatus } from './gitops-state';
import { ReviewPane } from './ReviewPane';
import './changesets.css';

/** How often the list and sync status are read again while the view is open (changesets made from a terminal show up). */
const LIST_REFRESH_MS = 5000;

/** A number that grows every `ms` while the component is mounted. */
function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}

/** The changesets view; `name` selects the changeset to review. */
export function ChangesetsView(props: { name?: string }): ReactNode {
  const tick = useTick(LIST_REFRESH_MS);
  const status = useSyncStatus(tick);
  const version = useGitOpsVersion();
  const usable = status.data && (status.data.state === 'synced' || status.data.state === 'dirty');
  const list = useQuery((c) => (usable ? c.listChangesets() : Promise.resolve([])), [version, usable, tick]);
  if (status.error) return <div className="view"><Banner tone="error">{status.error}</Banner></div>;
  if (!status.data) return <Empty>Reading the Git state…</Empty>;
  return (
    <div className="view view-changesets">
      <div className="split">
        <div className="pane pane-list changesets-side">
          <SyncCard status={status.data} />
          {usable && <CreateForm />}
          {list.error && <Banner tone="error">{list.error}</Banner>}
          {usable && <ChangesetList list={list.data ?? []} selected={props.name} mode={status.data.changeset} />}
        </div>
        <div className="pane pane-main scroll">
          {props.name ? <ReviewPane key={props.name} name={props.name} mode={status.data.changeset} />
            : <Empty>{usable ? 'Select a changeset to review it, or create one to edit in it.' : 'Changesets need the served folder to be in a Git work tree, on a branch.'}</Empty>}
        </div>
      </div>
    </div>
  );
}

function SyncCard(props: { status: GitSyncStatus }): ReactNode {
  const s = props.status;
  if (s.state === 'not-a-repo' || s.state === 'detached') return <Banner tone="info">{s.message}</Banner>;
  return (
    <section className="sync-card" data-testid="sync-status" data-state={s.state}>
      <h3>Deployed</h3>
      <div><span className="mono">{s.branch}</span> at <span className="mono">{s.commit?.slice(0, 12)}</span> <span className="muted">{s.subject}</span></div>
      {s.remote && <div className="muted">{s.remote.name}/{s.remote.branch}: {s.remote.ahead} ahead, {s.remote.behind} behind</div>}
      {s.state === 'synced'
        ? <div className="sync-ok">✓ The served config is the branch's (in sync)</div>
        : (
          <details className="sync-dirty" open>
            <summary>⚠ Edited by hand: {s.dirty.length} file{s.dirty.length === 1 ? '' : 's'} differ from {s.branch} (not deployed through a changeset)</summary>
            <ul>{s.dirty.map((d) => <li key={d.path}><span className="mono">{d.path}</span> <span className="muted">{d.change}</span></li>)}</ul>
            {s.diff && <pre className="patch">{s.diff}</pre>}
          </details>
        )}
    </section>
  );
}

function CreateForm(): ReactNode {
  const client = useEngine();
  const live = useLiveStore();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  async function create(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(undefined);
    try {
      const c = await client.createChangeset(name.trim());
      await client.setChangesetMode(c.name);
      setName('');
      gitOpsChanged();
      void live.refreshResources();
      navigate(formatRoute({ view: 'changesets', name: c.name }));
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <form className="create-changeset" onSubmit={(e) => void create(e)}>
      <h3>New changeset</h3>
      <div className="row">
        <label className="sr-only" htmlFor="changeset-name">Changeset name</label>
        <input id="changeset-name" className="grow" placeholder="e.g. add-canary" value={name} onChange={(e) => setName(e.target.value)} data-testid="changeset-name" />
        <button type="submit" className="primary" disabled={!name.trim()} data-testid="create-changeset">Create and edit</button>
      </div>
      {error && <Banner tone="error">{error}</Banner>}
    </form>
  );
}

function ChangesetList(props: { list: readonly ChangesetSummary[]; selected?: string; mode?: string }): ReactNode {
  if (props.list.length === 0) return <Empty>No changeset yet: create one to edit in a branch of its own, then review and merge it.</Empty>;
  return (
    <section>
      <h3>Changesets</h3>
      <ul className="changeset-list">
        {props.list.map((c) => (
          <li key={c.name}>
            <a href={formatRoute({ view: 'changesets', name: c.name })} className={c.name === props.selected ? 'selected' : ''} data-testid="changeset-row" data-name={c.name} data-merged={c.merged}
              aria-current={c.name === props.selected ? 'page' : undefined}>
              <strong className="mono">{c.name}</strong>
              {c.name === props.mode && <span className="chip chip-mode">editing</span>}
              <span className="muted">{c.merged ? 'merged' : `${c.ahead} commit${c.ahead === 1 ? '' : 's'} ahead`}{c.behind ? `, ${c.behind} behind` : ''}</span>
              <span className="changeset-subject">{c.subject}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

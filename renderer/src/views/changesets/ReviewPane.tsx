// The review of one changeset: what merging it would do — traffic diff, route tests before and after, statuses, the YAML
// diff and the xDS diff — with the buttons to edit in it, merge it (deploying it) and discard it.
import { useMemo, useState, type ReactNode } from 'react';
import type { ChangesetReview, MergeOutcome, RouteTestResultLine, StatusChange } from '../../../../core/common/gitops/review-types';
import { Banner, Empty } from '../../components/Banner';
import { TextWithTimes } from '../../components/Time';
import { StatusBadge } from '../../components/StatusBadge';
import { editorHash, formatRoute } from '../../router/routes';
import { navigate } from '../../router/use-route';
import { useEngine, useLiveStore, useQuery } from '../../state/store-context';
import { DiffPane } from '../timeline/DiffPane';
import { diffModel } from '../timeline/diff-model';
import { gitOpsChanged, useGitOpsVersion } from './gitops-state';
import { patchLines } from './patch-lines';

/** The review of changeset `name`; `mode` is the changeset the UI edits, if any. */
export function ReviewPane(props: { name: string; mode?: string }): ReactNode {
  const client = useEngine();
  const live = useLiveStore();
  const version = useGitOpsVersion();
  const review = useQuery((c) => c.reviewChangeset(props.name), [props.name, version]);
  const [outcome, setOutcome] = useState<MergeOutcome | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const xds = useMemo(() => diffModel(review.data?.xds), [review.data]);

  async function act(fn: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      gitOpsChanged();
      void live.refreshResources();
    }
  }
  const editing = props.mode === props.name;
  const setMode = (on: boolean) => act(async () => { await client.setChangesetMode(on ? props.name : undefined); });
  const merge = (force: boolean) => act(async () => setOutcome(await client.mergeChangeset(props.name, force)));
  const discard = () => {
    if (!window.confirm(`Discard changeset ${props.name}? Its branch is deleted.`)) return;
    void act(async () => {
      await client.discardChangeset(props.name);
      navigate(formatRoute({ view: 'changesets' }));
    });
  };

  if (review.error && !review.data) return <Banner tone="error">{review.error}</Banner>;
  const r = review.data;
  if (!r) return <Empty>Reviewing {props.name}…</Empty>;
  const merged = r.changeset.merged;
  return (
    <div className="review" data-testid="review" data-name={r.changeset.name}>
      <div className="toolbar review-toolbar">
        <strong>Changeset <span className="mono">{r.changeset.name}</span></strong>
        <span className="muted">{r.changeset.branch} · {r.changeset.ahead} ahead, {r.changeset.behind} behind {r.base.branch} · reviewed in {r.totalMs.toFixed(0)} ms</span>
        <span className="spacer" />
        {editing
          ? <button type="button" onClick={() => void setMode(false)} disabled={busy} data-testid="stop-editing">Stop editing</button>
          : <button type="button" onClick={() => void setMode(true)} disabled={busy || merged} data-testid="edit-changeset">Edit in this changeset</button>}
        <button type="button" className="primary" onClick={() => void merge(false)} disabled={busy || merged || r.merge.conflicts.length > 0} data-testid="merge">Merge and deploy</button>
        <button type="button" className="ghost" onClick={discard} disabled={busy} data-testid="discard">Discard</button>
      </div>
      {editing && <Banner tone="info">Changeset mode: saves in the editor are commits on <span className="mono">{r.changeset.branch}</span>; the served config does not change until you merge. <a href="#/resources">Edit objects</a></Banner>}
      {error && <Banner tone="error">{error}</Banner>}
      {outcome && <MergeNotice outcome={outcome} onForce={() => void merge(true)} />}
      <MergeReadiness review={r} />
      <section data-testid="traffic-diff">
        <h3>Traffic: where requests go, before → after</h3>
        <TrafficTable review={r} />
      </section>
      <section data-testid="route-tests">
        <h3>Route tests, before → after</h3>
        {r.routeTests.length === 0 ? <Empty>No RouteTest objects: add one to check, in every review, where requests should go.</Empty> : (
          <table className="review-table">
            <thead><tr><th>Test</th><th>Before</th><th>After</th></tr></thead>
            <tbody>{r.routeTests.map((t) => (
              <tr key={`${t.routeTest}/${t.test}`} data-testid="route-test-row" data-before={side(t.before)} data-after={side(t.after)}>
                <td><span className="muted mono">{t.routeTest}</span> {t.test}</td><td><TestResult result={t.before} /></td><td><TestResult result={t.after} /></td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <section data-testid="review-statuses">
        <h3>Statuses it would get ({r.counts.after.accepted} accepted, {r.counts.after.warning} warning, {r.counts.after.rejected} rejected, {r.counts.after.errors} file errors)</h3>
        {r.statuses.length === 0 && r.problems.length === 0 ? <Empty>No status changes.</Empty> : (
          <ul className="status-changes">
            {r.statuses.map((s) => <StatusRow key={`${s.kind}/${s.namespace}/${s.name}`} s={s} />)}
            {r.problems.map((p, i) => <li key={`p${i}`}><span className="mono">{p.file}:{p.line}:{p.column}</span> {p.message}</li>)}
          </ul>
        )}
      </section>
      <section data-testid="yaml-diff">
        <h3>YAML ({r.files.length} file{r.files.length === 1 ? '' : 's'})</h3>
        {r.files.map((f) => (
          <pre key={f.path} className="patch" aria-label={`diff of ${f.path}`}>
            {patchLines(f.patch).map((l, i) => <span key={i} className={`pl pl-${l.kind}`}>{l.text}{'\n'}</span>)}
          </pre>
        ))}
      </section>
      <DiffPane title="xDS" model={xds} showUnchanged={false} testId="review-xds-diff" />
    </div>
  );
}

function MergeReadiness(props: { review: ChangesetReview }): ReactNode {
  const r = props.review;
  if (r.changeset.merged) return <Banner tone="ok">Merged: {r.base.branch} holds everything in this changeset.</Banner>;
  if (r.merge.conflicts.length) return <Banner tone="error" testId="merge-readiness">Conflicts with {r.base.branch} in {r.merge.conflicts.join(', ')}: update the changeset before merging.</Banner>;
  if (r.blocking.length) {
    return (
      <Banner tone="warning" testId="merge-readiness">Merging is refused unless forced:
        <ul>{r.blocking.map((b) => <li key={b}>{b}</li>)}</ul>
      </Banner>
    );
  }
  return <Banner tone="ok" testId="merge-readiness">Ready to merge ({r.merge.fastForward ? 'fast-forward' : 'merge commit'}): nothing Rejected, every route test passes.</Banner>;
}

function MergeNotice(props: { outcome: MergeOutcome; onForce: () => void }): ReactNode {
  const o = props.outcome;
  if (o.merged) return <Banner tone="ok" testId="merge-outcome">Merged into {o.branch} at <span className="mono">{o.commit.slice(0, 12)}</span> ({o.fastForward ? 'fast-forward' : 'merge commit'}): the served folder follows and the next pass deploys it.</Banner>;
  return (
    <Banner tone={o.reason === 'nothing' ? 'info' : 'error'} testId="merge-outcome">
      {o.message}
      {o.files && o.files.length > 0 && <ul>{o.files.map((f) => <li key={f} className="mono">{f}</li>)}</ul>}
      {o.reason === 'blocked' && <> <button type="button" onClick={props.onForce} data-testid="force-merge">Merge anyway</button></>}
    </Banner>
  );
}

function TrafficTable(props: { review: ChangesetReview }): ReactNode {
  const t = props.review.traffic;
  return (
    <>
      {t.changes.length > 0 && (
        <table className="review-table">
          <thead><tr><th>Request</th><th>Before</th><th>After</th><th>From</th></tr></thead>
          <tbody>{t.changes.map((c) => (
            <tr key={`${c.proxy ?? ''} ${c.label}`} data-testid="traffic-row" data-summary={c.summary}>
              <td className="mono">{c.label}</td><td>{c.before.text}</td><td className="traffic-after">{c.after.text}</td><td className="muted">{c.origin}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      <p className="muted">{t.changes.length} request{t.changes.length === 1 ? '' : 's'} routed differently, {t.unchanged} unchanged{t.unsampled ? `, ${t.unsampled} changed routes without a sample request` : ''}.</p>
    </>
  );
}

function TestResult(props: { result?: RouteTestResultLine }): ReactNode {
  const r = props.result;
  if (!r) return <span className="muted">—</span>;
  return <span className={r.passed ? 'test-pass' : 'test-fail'} title={r.failures.join('\n')}>{r.passed ? '✓ pass' : '✗ fail'} <span className="muted">→ {r.outcome}</span>{!r.passed && <div className="test-failures">{r.failures.join('; ')}</div>}</span>;
}

function StatusRow(props: { s: StatusChange }): ReactNode {
  const s = props.s;
  const key = { kind: s.kind as Parameters<typeof editorHash>[0]['kind'], namespace: s.namespace, name: s.name };
  return (
    <li data-testid="status-change" data-introduced={s.introduced}>
      {s.before ? <StatusBadge state={s.before.state} /> : <span className="muted">new</span>} → {s.after ? <StatusBadge state={s.after.state} title={s.after.reason} /> : <span className="muted">removed</span>}
      {' '}<a href={editorHash(key)}>{s.kind} {s.namespace}/{s.name}</a>{s.introduced && <span className="chip chip-bad">newly Rejected</span>}
      {s.after?.reason && <div className="muted status-reason"><TextWithTimes text={s.after.reason} /></div>}
    </li>
  );
}

function side(r: RouteTestResultLine | undefined): string {
  return r ? (r.passed ? 'pass' : 'fail') : 'absent';
}

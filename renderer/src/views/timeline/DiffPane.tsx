// One side of the pass diff: sections of added / removed / changed entries with their field rows.
import { useEffect, useState, type ReactNode } from 'react';
import { formatValue } from '../../../../core/common/diff/json-diff';
import type { KindName } from '../../../../core/common/model/kinds';
import { Empty } from '../../components/Banner';
import { editorHash } from '../../router/routes';
import { countEntries, fieldRows, type DiffEntry, type DiffModel, type FieldRow } from './diff-model';

/** Props of DiffPane. `resolveFull` gives an entry's value after the pass, to show unchanged fields around the changes. */
export interface DiffPaneProps {
  readonly title: string;
  readonly model: DiffModel;
  readonly showUnchanged: boolean;
  readonly resolveFull?: (entry: DiffEntry) => Promise<unknown>;
  readonly testId?: string;
  /** What to say instead of a plain "No change." (why nothing changed). */
  readonly noChange?: string;
}

const SIGN: Readonly<Record<string, string>> = { added: '+', removed: '−', changed: '~', unchanged: ' ' };

/** A titled diff column. */
export function DiffPane(props: DiffPaneProps): ReactNode {
  const counts = countEntries(props.model);
  return (
    <section className="diff-pane" data-testid={props.testId}>
      <h3>{props.title} <span className="muted">{counts.added} added · {counts.removed} removed · {counts.changed} changed</span></h3>
      {props.model.equal && !props.model.raw ? <Empty><span data-testid="no-change">{props.noChange ?? 'No change.'}</span></Empty> : null}
      {props.model.raw !== undefined && <pre className="json-text">{JSON.stringify(props.model.raw, null, 2)}</pre>}
      {props.model.sections.map((s) => (
        <div key={s.id} className="diff-section">
          {props.model.sections.length > 1 || s.note ? <h4>{s.title}{s.note ? <span className="muted"> ({s.note})</span> : null}</h4> : null}
          {s.entries.map((e) => <DiffEntryView key={e.id} entry={e} showUnchanged={props.showUnchanged} resolveFull={props.resolveFull} />)}
        </div>
      ))}
    </section>
  );
}

function EntryTitle(props: { entry: DiffEntry }): ReactNode {
  const o = props.entry.object;
  if (o && props.entry.change !== 'removed') {
    return <a href={editorHash({ kind: o.kind as KindName, namespace: o.namespace, name: o.name })}>{props.entry.title}</a>;
  }
  return <span>{props.entry.title}</span>;
}

function DiffEntryView(props: { entry: DiffEntry; showUnchanged: boolean; resolveFull?: (e: DiffEntry) => Promise<unknown> }): ReactNode {
  const { entry, showUnchanged, resolveFull } = props;
  const [full, setFull] = useState<unknown>(undefined);
  useEffect(() => {
    if (!showUnchanged || !resolveFull || entry.change !== 'changed') return;
    let live = true;
    resolveFull(entry).then((v) => { if (live) setFull(v); }, () => undefined);
    return () => { live = false; };
  }, [showUnchanged, resolveFull, entry]);
  const rows = fieldRows(entry.fields, showUnchanged ? full : undefined);
  return (
    <div className={`diff-entry diff-${entry.change}`} data-testid="diff-entry" data-change={entry.change}>
      <div className="diff-entry-title"><span className="diff-sign">{SIGN[entry.change]}</span><EntryTitle entry={entry} /></div>
      {rows.length > 0 && (
        <table className="diff-fields">
          <tbody>{rows.map((r, i) => <FieldRowView key={`${r.path}/${i}`} row={r} />)}</tbody>
        </table>
      )}
    </div>
  );
}

function FieldRowView(props: { row: FieldRow }): ReactNode {
  const r = props.row;
  return (
    <tr className={`field field-${r.kind}`} data-testid="diff-field" data-path={r.path}>
      <td className="field-sign">{SIGN[r.kind]}</td>
      <td className="field-path mono">{r.path}</td>
      <td className="field-before mono">{r.kind === 'unchanged' || r.kind === 'added' ? '' : formatValue(r.before, 160)}</td>
      <td className="field-arrow">{r.kind === 'changed' ? '→' : ''}</td>
      <td className="field-after mono">{r.kind === 'removed' ? '' : formatValue(r.after, 160)}</td>
    </tr>
  );
}

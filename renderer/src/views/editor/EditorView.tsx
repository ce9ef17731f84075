// Editor (`#/editor/Kind/ns/name`, `#/new/Kind`): YAML with inline validation, completion and save through saveYaml.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ObjectKey, ResourceDetail, ResourceView, SaveResult } from '../../../../core/common/api/contract';
import type { FileProblem } from '../../../../core/common/model/errors';
import type { KindName } from '../../../../core/common/model/kinds';
import { Banner, Empty } from '../../components/Banner';
import { StatusBadge } from '../../components/StatusBadge';
import { editorHash } from '../../router/routes';
import { navigate } from '../../router/use-route';
import { TextWithTimes } from '../../components/Time';
import { fileErrorOf, shownReason, type FileError } from '../../state/file-errors';
import { useEngine, useFileErrors, useLiveState, useLiveStore } from '../../state/store-context';
import { CodeEditor, type CodeEditorHandle, type Pinned } from './CodeEditor';
import type { PinnedProblem } from './pinned-problems';
import { objectKeyOfText, unshiftProblems, withResourceVersion } from './resource-version';
import { templateFor } from './templates';

/** What the editor is opened on: an existing object, or a new one of a kind. */
export type EditorTarget = { readonly key: ObjectKey } | { readonly newKind: KindName };

type Notice = { tone: 'ok' | 'error' | 'warning'; text: string; conflict?: boolean; problems?: readonly FileProblem[] };

/** The editor view; remounts (key) per target so the CodeMirror state never leaks between objects. */
export function ObjectEditorView(props: { target: EditorTarget }): ReactNode {
  const id = 'key' in props.target ? editorHash(props.target.key) : `new:${props.target.newKind}`;
  return <EditorLoader key={id} target={props.target} />;
}

function EditorLoader(props: { target: EditorTarget }): ReactNode {
  const client = useEngine();
  const [detail, setDetail] = useState<ResourceDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  const target = props.target;

  // Mounted once per target (see the key above), so the target is fixed for this component's life.
  useEffect(() => {
    if (!('key' in target)) return;
    client.getResource(target.key).then(setDetail, (e: Error) => setError(e.message));
  }, [client]);

  if ('newKind' in target) return <NewObjectPane kind={target.newKind} />;
  if (error) return <div className="view"><Banner tone="error">Cannot open {target.key.kind} {target.key.namespace}/{target.key.name}: {error}</Banner></div>;
  if (!detail) return <Empty>Loading {target.key.name}…</Empty>;
  return <EditorPane initialText={detail.yaml} detail={detail} title={`${detail.kind} ${detail.namespace}/${detail.name}`} />;
}

/** A new object from its template, which names objects that exist (or brings them along), once the objects are known. */
function NewObjectPane(props: { kind: KindName }): ReactNode {
  const loaded = useLiveState((s) => s.loaded);
  return loaded ? <NewObjectEditor kind={props.kind} /> : <Empty>Loading…</Empty>;
}

function NewObjectEditor(props: { kind: KindName }): ReactNode {
  const resources = useLiveState((s) => s.resources);
  // Chosen once: later changes of the store do not replace what the user is editing.
  const [text] = useState(() => templateFor(props.kind, resources));
  return <EditorPane initialText={text} title={`New ${props.kind}`} />;
}

/** What the editor pins for an object: its file's problems (by line) when its file fails to load, else its status problems. */
function pinnedOf(live: ResourceView | undefined, fileError: FileError | undefined, fileProblems: readonly FileProblem[]): Pinned | undefined {
  if (!live) return undefined;
  const base = { kind: live.kind, namespace: live.namespace };
  if (fileError) {
    const offset = (live.source?.line ?? 1) - 1;
    const mine = fileProblems.filter((p) => p.file === live.source?.file && p.line > offset).map((p) => ({ ...p, line: p.line - offset }));
    return { ...base, problems: [], fileProblems: mine };
  }
  if (live.state === 'Accepted' || !live.reason) return { ...base, problems: [], fileProblems: [] };
  const severity = live.state === 'Rejected' ? 'error' : 'warning';
  const problems: readonly PinnedProblem[] = live.problems ?? live.reason.split('; ').map((message) => ({ severity, message }));
  return { ...base, problems, fileProblems: [] };
}

function EditorPane(props: { initialText: string; detail?: ResourceDetail; title: string }): ReactNode {
  const client = useEngine();
  const store = useLiveStore();
  const editor = useRef<CodeEditorHandle>(null);
  const [loaded, setLoaded] = useState(props.detail);
  const [dirty, setDirty] = useState(!props.detail);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>();
  const live = useLiveState((s) => s.resources).find((r) => loaded && r.kind === loaded.kind && r.namespace === loaded.namespace && r.name === loaded.name);
  const fileErrors = useFileErrors();
  const fileProblems = useLiveState((s) => s.problems);
  const fileError = live ? fileErrorOf(live, fileErrors) : undefined;
  const pinned = useMemo(() => pinnedOf(live, fileError, fileProblems), [live, fileError, fileProblems]);
  const reason = live ? shownReason(live, fileErrors) : '';
  const readOnly = Boolean(loaded?.generated || live?.generated);
  const changedElsewhere = Boolean(loaded && live?.resourceVersion && loaded.resourceVersion && live.resourceVersion !== loaded.resourceVersion);

  async function reloadFromStore(replaceText: boolean): Promise<void> {
    if (!loaded) return;
    const fresh = await client.getResource(loaded);
    setLoaded(fresh);
    if (replaceText) {
      if (fresh.yaml !== editor.current?.getText()) editor.current?.setText(fresh.yaml);
      setDirty(false);
      setNotice(undefined);
    }
  }

  useEffect(() => {
    if (changedElsewhere && !dirty && !saving) void reloadFromStore(true);
  }, [changedElsewhere, dirty, saving]);

  async function save(): Promise<void> {
    const text = editor.current?.getText() ?? '';
    setSaving(true);
    try {
      const versioned = withResourceVersion(text, loaded?.resourceVersion);
      const result = await client.saveYaml(versioned.text);
      await afterSave(result.ok ? result : { ...result, problems: unshiftProblems(result.problems, versioned.insertedLine) }, text);
    } catch (e) {
      setNotice({ tone: 'error', text: `Save failed: ${(e as Error).message}` });
    } finally {
      setSaving(false);
    }
  }

  async function afterSave(result: SaveResult, text: string): Promise<void> {
    if (!result.ok) {
      if (!result.conflict) editor.current?.showProblems(result.problems);
      setNotice(result.conflict
        ? { tone: 'warning', conflict: true, text: 'Not saved: this object changed in the store since you opened it. Your text is kept; load the stored version to start again from it.', problems: result.problems }
        : { tone: 'error', text: 'Not saved: the store refused the YAML.', problems: result.problems });
      return;
    }
    setDirty(false);
    setNotice({ tone: 'ok', text: `Saved ${result.objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`).join(', ') || 'nothing'}.` });
    void store.refreshResources();
    // A template may save an Upstream along with the object it is about, which comes last.
    const key = result.objects.at(-1) ?? objectKeyOfText(text);
    const sameObject = loaded && key && key.kind === loaded.kind && key.namespace === loaded.namespace && key.name === loaded.name;
    if (key && !sameObject) navigate(editorHash(key as ObjectKey));
    else await reloadFromStore(false);
  }

  async function remove(): Promise<void> {
    if (!loaded || !window.confirm(`Delete ${loaded.kind} ${loaded.namespace}/${loaded.name}?`)) return;
    await client.deleteResource(loaded).then(() => navigate('#/resources'), (e: Error) => setNotice({ tone: 'error', text: e.message }));
  }

  return (
    <div className="view view-editor">
      <div className="toolbar">
        <a className="button ghost" href="#/resources">← Resources</a>
        <strong className="editor-title">{props.title}</strong>
        {live && <StatusBadge state={live.state} fileError={Boolean(fileError)} title={fileError ? `Last state of the version served: ${live.state}` : live.reason} />}
        {reason && <span className="res-reason" data-testid="editor-reason" title={reason}><TextWithTimes text={reason} /></span>}
        {loaded?.source && <span className="muted mono">{loaded.source.file}:{loaded.source.line}</span>}
        <span className="spacer" />
        {dirty && <span className="muted">unsaved changes</span>}
        {loaded && !readOnly && <button type="button" className="ghost" onClick={() => void remove()}>Delete</button>}
        {loaded && <button type="button" className="ghost" onClick={() => void reloadFromStore(true)} disabled={saving}>Revert</button>}
        {!readOnly && <button type="button" className="primary" data-testid="save" onClick={() => void save()} disabled={saving}>{saving ? 'Saving…' : 'Save'}</button>}
      </div>
      {readOnly && <Banner tone="info">Generated by the sandbox from other objects: read-only.</Banner>}
      {fileError && (
        <Banner tone="warning" testId="file-error-note">
          {fileError.problem.file} fails to load at line {fileError.problem.line}, so this object is served as {fileError.servedFromPass ? `pass #${fileError.servedFromPass} read it` : 'it was last read'}.
          The text below is the file as it is now, with the problem marked; the store writes into the file again once it loads, so fix it there (this view follows the file).
        </Banner>
      )}
      {changedElsewhere && dirty && !notice?.conflict && (
        <Banner tone="warning">This object changed in the store while you were editing. Saving will be refused; <button type="button" className="link" onClick={() => void reloadFromStore(true)}>load the stored version</button>.</Banner>
      )}
      {notice && <SaveNotice notice={notice} onReload={() => void reloadFromStore(true)} />}
      <div className="editor-frame">
        <CodeEditor handle={editor} initialText={props.initialText} readOnly={readOnly} label={`YAML of ${props.title}`} onChange={() => setDirty(true)} onSave={() => void save()} {...(pinned ? { pinned } : {})} />
      </div>
    </div>
  );
}

function SaveNotice(props: { notice: Notice; onReload: () => void }): ReactNode {
  const { notice } = props;
  return (
    <Banner tone={notice.tone} testId="save-notice">
      {notice.text}
      {notice.conflict && <> <button type="button" className="link" onClick={props.onReload}>Load the stored version</button></>}
      {notice.problems && notice.problems.length > 0 && (
        <ul className="problems">{notice.problems.map((p, i) => <li key={i}><code>line {p.line}:{p.column}</code> {p.message}</li>)}</ul>
      )}
    </Banner>
  );
}

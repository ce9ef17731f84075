// The YAML editor: CodeMirror 6 with schema lint in the gutter, field completion and Mod-S to save.
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { yaml } from '@codemirror/lang-yaml';
import { forceLinting, lintGutter, linter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useImperativeHandle, useRef, type ReactNode, type Ref } from 'react';
import type { FileProblem } from '../../../../core/common/model/errors';
import { completeYaml } from './schema-completion';
import { fieldNameFix, placeProblems, type PinnedProblem } from './pinned-problems';
import { lintYamlText, problemsToDiagnostics, type TextDiagnostic } from './yaml-lint';

/** What a parent can do with a mounted editor. */
export interface CodeEditorHandle {
  getText(): string;
  /** Replaces the whole text (e.g. after a reload). */
  setText(text: string): void;
  /** Shows problems (from a refused save) as diagnostics until the next edit. */
  showProblems(problems: readonly FileProblem[]): void;
  focus(): void;
}

/** Props of CodeEditor. The editor is created once; later changes of initialText are ignored (use setText). */
export interface CodeEditorProps {
  readonly initialText: string;
  readonly readOnly?: boolean;
  /** The editor's accessible name. */
  readonly label?: string;
  readonly onChange?: (text: string) => void;
  readonly onSave?: () => void;
  readonly handle: Ref<CodeEditorHandle>;
  /** Problems of the object's status and of its file, pinned to their place in the current text (re-placed on every edit). */
  readonly pinned?: Pinned;
}

/** What the editor pins besides its own schema checks: status problems by field path, and file problems by line. */
export interface Pinned {
  readonly kind: string;
  readonly namespace: string;
  readonly problems: readonly PinnedProblem[];
  readonly fileProblems: readonly FileProblem[];
}

function completionSource(ctx: CompletionContext): CompletionResult | null {
  const answer = completeYaml(ctx.state.doc.toString(), ctx.pos);
  if (!answer) return null;
  if (!ctx.explicit && answer.from === ctx.pos && ctx.state.doc.lineAt(ctx.pos).text.trim() !== '') return null;
  return { from: answer.from, options: answer.options.map((o) => ({ ...o })), validFor: /^[\w.-]*$/ };
}

/** A text diagnostic, with the quick fix of a misspelt field name when the message suggests one. */
function withFieldFix(text: string, d: TextDiagnostic): Diagnostic {
  const fix = fieldNameFix(text, d.from, d.message);
  return { ...d, ...(fix ? { actions: [{ name: fix.label, apply: (v: EditorView) => v.dispatch({ changes: [...fix.edits] }) }] } : {}) };
}

function lintSource(view: EditorView, pinned: Pinned | undefined): Diagnostic[] {
  const text = view.state.doc.toString();
  const own = problemsToDiagnostics(text, lintYamlText(text)).map((d) => withFieldFix(text, d));
  if (!pinned) return own;
  // The editor's own checks already cover what its text gets wrong; file problems are shown while it has none.
  const file = own.length ? [] : problemsToDiagnostics(text, pinned.fileProblems).map((d): Diagnostic => ({ ...withFieldFix(text, d), source: 'file' }));
  const status = placeProblems(text, pinned.problems, pinned.kind, pinned.namespace).map((p): Diagnostic => ({
    from: p.from, to: p.to, severity: p.severity, message: p.message, source: 'last pass',
    ...(p.fix ? { actions: [{ name: p.fix.label, apply: (v: EditorView) => v.dispatch({ changes: [...p.fix!.edits] }) }] } : {}),
  }));
  return [...own, ...file, ...status];
}

const calmTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--surface)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', borderRight: '1px solid var(--line)', color: 'var(--muted)' },
  '.cm-activeLine': { backgroundColor: 'rgba(60, 110, 200, 0.05)' },
  '.cm-activeLineGutter': { backgroundColor: 'rgba(60, 110, 200, 0.08)' },
});

/** A CodeMirror YAML editor filling its parent. */
export function CodeEditor(props: CodeEditorProps): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.initialText,
        extensions: [
          basicSetup,
          yaml(),
          calmTheme,
          lintGutter(),
          linter((v) => lintSource(v, callbacks.current.pinned), { delay: 250 }),
          autocompletion({ override: [completionSource], activateOnTyping: true }),
          keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => { callbacks.current.onSave?.(); return true; } }]),
          EditorState.readOnly.of(props.readOnly ?? false),
          EditorView.contentAttributes.of({ 'aria-label': props.label ?? 'YAML' }),
          EditorView.updateListener.of((u) => { if (u.docChanged) callbacks.current.onChange?.(u.state.doc.toString()); }),
        ],
      }),
    });
    view.current = editor;
    // The scroller is a keyboard stop too, so a long document can be scrolled without entering the text.
    editor.scrollDOM.tabIndex = 0;
    editor.scrollDOM.setAttribute('aria-label', `${props.label ?? 'YAML'} (scroll)`);
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once per mount; text changes go through the handle.
  }, []);

  // New status problems (after a pass) are placed at once, not at the next edit.
  useEffect(() => {
    if (view.current) forceLinting(view.current);
  }, [props.pinned]);

  useImperativeHandle(props.handle, () => ({
    getText: () => view.current?.state.doc.toString() ?? '',
    setText(text) {
      const v = view.current;
      if (v) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
    },
    showProblems(problems) {
      const v = view.current;
      if (!v) return;
      const diagnostics = problemsToDiagnostics(v.state.doc.toString(), problems).map((d) => ({ ...d }));
      v.dispatch(setDiagnostics(v.state, diagnostics));
    },
    focus: () => view.current?.focus(),
  }), []);

  return <div className="code-editor" ref={host} data-testid="code-editor" />;
}

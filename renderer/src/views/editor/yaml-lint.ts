// Editor diagnostics: the same checks the store runs (YAML syntax, kind, JSON Schema), placed at their line.
import type { FileProblem } from '../../../../core/common/model/errors';
import { parseYamlFile } from '../../../../core/common/model/yaml-documents';

/** A diagnostic as CodeMirror wants it: a character range of the text and a message. */
export interface TextDiagnostic {
  readonly from: number;
  readonly to: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** Offsets where each line of text starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Diagnostics for problems with 1-based line/column: from the column to the end of that line's text. */
export function problemsToDiagnostics(text: string, problems: readonly FileProblem[], severity: TextDiagnostic['severity'] = 'error'): TextDiagnostic[] {
  const starts = lineStarts(text);
  return problems.map((p) => {
    const line = Math.min(Math.max(p.line, 1), starts.length) - 1;
    const lineStart = starts[line];
    const lineEnd = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
    const from = Math.min(lineStart + Math.max(p.column - 1, 0), lineEnd);
    const trimmedEnd = lineStart + text.slice(lineStart, lineEnd).trimEnd().length;
    return { from, to: Math.max(trimmedEnd, Math.min(from + 1, text.length)), severity, message: p.message };
  });
}

/** The problems of an editor text, as the store would report them. */
export function lintYamlText(text: string): FileProblem[] {
  if (text.trim() === '') return [];
  return parseYamlFile(text, '<editor>').problems;
}

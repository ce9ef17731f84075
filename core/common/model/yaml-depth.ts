// How deeply a YAML text nests, from its tokens alone. The YAML library composes documents
// recursively: a document nested 200,000 deep takes hundreds of MB and seconds before it fails
// with a stack overflow. Its lexer is flat and cheap (about a tenth of a parse), so the depth is
// checked on the tokens first and the lexing stops at the first level past the limit.
import { Lexer } from 'yaml';
import type { FileProblem } from './errors';

/** Nesting levels a YAML document may have; Kubernetes and Envoy configuration stays far below. */
export const MAX_YAML_NESTING = 128;

/** Lexer tokens that mark a state and stand for no source text (yaml's CST docs: document, flow error end, scalar). */
const CONTROL_TOKENS = new Set(['\u0002', '\u0018', '\u001f']);

/**
 * The source offset where a text first nests deeper than `limit`, or undefined. Flow collections count by
 * their brackets; block collections by the indentation levels open at a line plus the `- ` and `? `
 * indicators on it (the only way to open a block level without a new line), so no level goes uncounted.
 */
export function nestingBeyond(text: string, limit = MAX_YAML_NESTING): number | undefined {
  return nestingBound(text) <= limit ? undefined : lexedNestingBeyond(text, limit);
}

/** nestingBeyond from the lexer's tokens alone, without the character count that spares most files the lexing. */
export function lexedNestingBeyond(text: string, limit: number): number | undefined {
  const indents: number[] = [];
  let offset = 0;
  let flow = 0;
  let indicators = 0;
  let lineStart = true;
  let indent = 0;
  for (const token of new Lexer().lex(text)) {
    const start = offset;
    if (CONTROL_TOKENS.has(token)) continue;
    offset += token.length;
    if (token === '\n' || token === '\r\n') {
      [lineStart, indent, indicators] = [true, 0, 0];
      continue;
    }
    if (lineStart && flow === 0) {
      if (/^[ \t]+$/.test(token)) {
        indent = token.length;
        continue;
      }
      if (token.startsWith('#')) continue;
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    if (token === '[' || token === '{') flow++;
    else if ((token === ']' || token === '}') && flow > 0) flow--;
    else if (flow === 0 && (token === '-' || token === '?')) indicators++;
    if (indents.length + indicators + flow > limit) return start;
    if (token.endsWith('\n')) [lineStart, indent, indicators] = [true, 0, 0]; // a block scalar's content ends its last line
    else lineStart = false;
  }
  return undefined;
}

/** The problem reported for a file that nests too deep, at the line and column where it passes the limit. */
export function nestingProblem(text: string, file: string, offset: number): FileProblem {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { file, line, column, message: `YAML nested more than ${MAX_YAML_NESTING} levels deep; flatten the document (no configuration needs this many levels)` };
}

/**
 * An upper bound of what nestingBeyond counts, from one pass over the characters (no lexing): the indentation levels open
 * at once are at most the longest indentation plus one (each level indents further), the `- ` and `? ` indicators at most
 * every `-` or `?` followed by a space, tab, line break or the end, the flow levels at most every `[` and `{`. Most files
 * are far within the limit by this count, and then need no lexing.
 */
export function nestingBound(text: string): number {
  let maxIndent = 0;
  let indent = 0;
  let atLineStart = true;
  let indicators = 0;
  let flows = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || c === 13 /* \r */) {
      atLineStart = true;
      indent = 0;
      continue;
    }
    if (atLineStart && (c === 32 || c === 9)) {
      if (++indent > maxIndent) maxIndent = indent;
      continue;
    }
    atLineStart = false;
    if (c === 91 /* [ */ || c === 123 /* { */) flows++;
    else if (c === 45 /* - */ || c === 63 /* ? */) {
      const next = text.charCodeAt(i + 1); // NaN past the end
      if (next !== next || next === 32 || next === 9 || next === 10 || next === 13) indicators++;
    }
  }
  return maxIndent + 1 + indicators + flows;
}

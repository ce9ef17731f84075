// Edits YAML text one document at a time with the yaml Document API: a document's nodes are changed in place to a target
// value (comments, key order and scalar styles of what stays are kept), and only that document's text is replaced.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type ToStringOptions, type YAMLMap, type YAMLSeq } from 'yaml';

/** The parsed documents of a text and the text span of each (from the end of the previous one, so comments before it belong to it). */
export interface DocumentSpans {
  readonly docs: Document.Parsed[];
  readonly spans: ReadonlyArray<readonly [number, number]>;
}

/** Whether a document holds nothing (an empty document, e.g. after a trailing `---`, or a lone null). */
export function isEmptyDocument(doc: Document): boolean {
  return doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
}

/** Parses every document of a text and where each stands. */
export function documentSpans(text: string): DocumentSpans {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const list = (Array.isArray(docs) ? docs : [docs]) as Document.Parsed[];
  const spans: [number, number][] = [];
  let prev = 0;
  for (const doc of list) {
    const end = Math.max(doc.range[2], prev);
    spans.push([prev, end]);
    prev = end;
  }
  return { docs: list, spans };
}

/** Changes a document's contents in place so that it reads as target; untouched nodes keep their comments and styles. */
export function patchDocument(doc: Document, target: unknown): void {
  doc.contents = patchNode(doc, doc.contents as Node | null, target) as Document['contents'];
}

/** The text of one document after patching, in the style the file already uses. */
export function documentText(doc: Document, fileText: string, json: boolean): string {
  if (json) return JSON.stringify(doc.toJS(), null, detectIndent(fileText)) + '\n';
  return doc.toString(detectStyle(fileText));
}

/** The text with span [start, end) replaced. */
export function spliceText(text: string, [start, end]: readonly [number, number], replacement: string): string {
  const before = text.slice(0, start);
  const needsNewline = before !== '' && !before.endsWith('\n');
  return before + (needsNewline ? '\n' : '') + replacement + text.slice(end);
}

/** Stringify options matching a file's style: sequence indentation, indent width, flow padding; never folds long lines. */
export function detectStyle(text: string): ToStringOptions {
  const indentSeq = !/^( *)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text);
  const flowCollectionPadding = !/[{[][^\s\]}]/.test(text.replace(/"[^"\n]*"|'[^'\n]*'/g, ''));
  return { indent: detectIndent(text), indentSeq, flowCollectionPadding, lineWidth: 0, minContentWidth: 0 };
}

function detectIndent(text: string): number {
  const nested = /^( *)[^\s#][^\n]*\n(?:[ \t]*(?:#[^\n]*)?\n)*\1( +)[^\s-]/m;
  const nestedSeq = /^( *)[^\s#-][^\n]*:[ \t]*\n(?:[ \t]*(?:#[^\n]*)?\n)*\1( +)- /m;
  const m = nested.exec(text) ?? nestedSeq.exec(text);
  const width = m ? m[2].length : 2;
  return width >= 1 && width <= 8 ? width : 2;
}

function patchNode(doc: Document, node: Node | null, value: unknown): Node {
  if (isAlias(node)) return deepEqual(node.resolve(doc)?.toJS(doc), value) ? node : replaceNode(doc, node, value);
  if (isMap(node) && isPlainObject(value)) return patchMap(doc, node, value);
  if (isSeq(node) && Array.isArray(value)) return patchSeq(doc, node, value);
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    if (node.value !== value) {
      if (typeof node.value !== typeof value) node.type = undefined;
      node.value = value;
    }
    return node;
  }
  return replaceNode(doc, node, value);
}

function patchMap(doc: Document, node: YAMLMap, value: Record<string, unknown>): Node {
  const keyText = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : String(p.key));
  node.items = node.items.filter((p) => Object.hasOwn(value, keyText(p)) && value[keyText(p)] !== undefined);
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const pair = node.items.find((p) => keyText(p) === k);
    if (pair) pair.value = patchNode(doc, pair.value as Node | null, v);
    else node.items.push(doc.createPair(k, v));
  }
  return node;
}

function patchSeq(doc: Document, node: YAMLSeq, value: unknown[]): Node {
  value.forEach((v, i) => {
    if (i < node.items.length) node.items[i] = patchNode(doc, node.items[i] as Node | null, v);
    else node.items.push(doc.createNode(v));
  });
  node.items.splice(value.length);
  return node;
}

function replaceNode(doc: Document, old: Node | null, value: unknown): Node {
  const created = doc.createNode(value) as Node;
  if (old) {
    created.commentBefore = old.commentBefore;
    created.comment = old.comment;
    created.spaceBefore = old.spaceBefore;
  }
  return created;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

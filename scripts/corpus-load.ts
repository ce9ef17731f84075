// Measures how much of a corpus of real config examples loads: each file is parsed exactly as the folder store parses
// it (parseText → parseYamlFile, validated against the generated schemas), then the results are summarised per class
// and per failing field path. Usage: npx tsx scripts/corpus-load.ts DIR [--classes FILE] [--json]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { FileProblem } from '../core/common/model/errors';
import { KIND_NAMES } from '../core/common/model/kinds';
import { parseText } from '../core/node/store/folder-reader';
import { isConfigFile, toRelative } from '../core/node/store/folder-paths';

/** What a corpus example is meant to be: accepted by the real API, written for an older API, or deliberately wrong. */
export type ExampleClass = 'valid' | 'old-api' | 'invalid';

/** The outcome of loading one example file. */
export interface FileResult {
  readonly file: string;
  readonly class: ExampleClass;
  readonly why: string;
  readonly loaded: boolean;
  readonly objects: number;
  readonly problems: readonly FileProblem[];
  /** `Kind field.path` of each distinct problem (array indices folded to `[]`). */
  readonly causes: readonly string[];
}

/** Totals over a corpus run. */
export interface Summary {
  readonly kinds: readonly string[];
  readonly examples: number;
  readonly loaded: number;
  readonly byClass: Record<ExampleClass, { readonly total: number; readonly loaded: number }>;
  /** Loaded `valid` examples over all `valid` examples, in percent with one decimal. */
  readonly validLoadRate: number;
  /** `old-api` or `invalid` examples that loaded although they should not. */
  readonly wronglyLoaded: readonly string[];
  /** The most common causes, with how many files fail on each. */
  readonly causes: readonly { readonly cause: string; readonly files: number; readonly example: string }[];
}

const CLASSES: readonly ExampleClass[] = ['valid', 'old-api', 'invalid'];

/** How one example is classified, and why. */
export interface Classification {
  readonly class: ExampleClass;
  readonly why: string;
}

/** Reads `file<TAB>class<TAB>why` lines keyed by file name (a header line and unknown classes are skipped). */
function readClasses(path: string): Map<string, Classification> {
  const out = new Map<string, Classification>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [file, cls, why = ''] = line.split('\t');
    if (file && CLASSES.includes(cls as ExampleClass)) out.set(baseName(file), { class: cls as ExampleClass, why });
  }
  return out;
}

function baseName(file: string): string {
  return file.split('/').pop()!;
}

/** Every config file under dir, relative and sorted, as the folder store would pick them. */
function corpusFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => toRelative(dir, join(dir, p)))
    .filter(isConfigFile)
    .sort();
}

/** Loads one file through the folder store's parser and names the cause of each problem. */
function loadFile(dir: string, file: string, cls: Classification): FileResult {
  const text = readFileSync(join(dir, file), 'utf8');
  const { resources, problems } = parseText(file, text);
  const kindAt = documentKinds(text);
  const causes = [...new Set(problems.map((p) => causeOf(p, kindAt(p.line))))];
  return { file, class: cls.class, why: cls.why, loaded: problems.length === 0 && resources.length > 0, objects: resources.length, problems, causes };
}

/** A function from a line number to the `kind` of the YAML document holding that line. */
function documentKinds(text: string): (line: number) => string {
  const lineCounter = new LineCounter();
  const starts: { line: number; kind: string }[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    const kind = doc.contents ? doc.get('kind') : undefined;
    starts.push({ line: lineCounter.linePos(doc.range[0]).line, kind: typeof kind === 'string' ? kind : '?' });
  }
  return (line) => [...starts].reverse().find((s) => s.line <= line)?.kind ?? '?';
}

/** `Kind spec.a[].b` for a problem with a field path; the message's gist otherwise. */
function causeOf(p: FileProblem, kind: string): string {
  if (p.path === '/kind') return `${kind}: kind not modelled`;
  if (p.path === undefined || p.path === '') return `${kind}: ${p.message.replace(/"[^"]*"/g, '…').slice(0, 80)}`;
  const field = p.path.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? '[]' : `.${s}`)).join('').replace(/^\./, '');
  return `${kind} ${field}`;
}

/** Totals and the most common causes of a run. */
function summarise(results: readonly FileResult[], top = 40): Summary {
  const byClass = Object.fromEntries(CLASSES.map((c) => {
    const of = results.filter((r) => r.class === c);
    return [c, { total: of.length, loaded: of.filter((r) => r.loaded).length }];
  })) as Summary['byClass'];
  const counts = new Map<string, { files: number; example: string }>();
  for (const r of results) {
    for (const cause of r.causes) {
      const c = counts.get(cause) ?? { files: 0, example: r.file };
      counts.set(cause, { ...c, files: c.files + 1 });
    }
  }
  const valid = byClass.valid;
  return {
    kinds: KIND_NAMES,
    examples: results.length,
    loaded: results.filter((r) => r.loaded).length,
    byClass,
    validLoadRate: valid.total ? Math.round((1000 * valid.loaded) / valid.total) / 10 : 0,
    wronglyLoaded: results.filter((r) => r.loaded && r.class !== 'valid').map((r) => `${r.file} (${r.class}: ${r.why})`),
    causes: [...counts].map(([cause, c]) => ({ cause, ...c })).sort((a, b) => b.files - a.files || a.cause.localeCompare(b.cause)).slice(0, top),
  };
}

function printText(results: readonly FileResult[], s: Summary): void {
  for (const r of results) {
    if (r.loaded) {
      console.log(`ok    ${r.file} (${r.objects} object${r.objects === 1 ? '' : 's'})`);
      continue;
    }
    console.log(`FAIL  ${r.file} [${r.class}]${r.problems.length ? '' : ' (no objects)'}`);
    for (const p of r.problems.slice(0, 3)) console.log(`      ${p.file}:${p.line}:${p.column} ${p.message}`);
    if (r.problems.length > 3) console.log(`      … ${r.problems.length - 3} more`);
  }
  console.log(`\nkinds modelled: ${s.kinds.join(', ')}`);
  console.log(`examples: ${s.examples}, loaded: ${s.loaded}`);
  for (const c of CLASSES) console.log(`  ${c.padEnd(8)} ${s.byClass[c].loaded}/${s.byClass[c].total} loaded`);
  console.log(`load rate on valid: ${s.validLoadRate}%`);
  console.log(`old-api/invalid that loaded: ${s.wronglyLoaded.length}${s.wronglyLoaded.length ? '\n  ' + s.wronglyLoaded.join('\n  ') : ''}`);
  console.log('\nfiles  most common failing field path');
  for (const c of s.causes) console.log(`${String(c.files).padStart(5)}  ${c.cause}`);
}

function main(argv: readonly string[]): number {
  const dir = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--classes');
  if (!dir) {
    console.error('usage: npx tsx scripts/corpus-load.ts DIR [--classes FILE] [--json]');
    return 2;
  }
  const classesAt = argv.indexOf('--classes');
  let results: FileResult[];
  try {
    const classes = classesAt >= 0 ? readClasses(argv[classesAt + 1] ?? '') : new Map<string, Classification>();
    const unclassified: Classification = { class: 'valid', why: 'not classified' };
    results = corpusFiles(dir).map((f) => loadFile(dir, f, classes.get(baseName(f)) ?? unclassified));
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    return 1;
  }
  const summary = summarise(results);
  if (argv.includes('--json')) console.log(JSON.stringify({ summary, files: results }, null, 1));
  else printText(results, summary);
  return 0;
}

process.exitCode = main(process.argv.slice(2));

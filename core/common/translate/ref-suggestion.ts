// "Did you mean …?" for references: the existing object of the same kind whose name is closest to a missing one.
import { editDistance, normalizeForTypos } from '../model/did-you-mean';
import { parseRefKey } from '../model/resource';
import { describeKey } from './names';

const cache = new WeakMap<ReadonlySet<string>, Map<string, string | undefined>>();

/**
 * The existing object of a missing refKey's kind (`Kind.namespace.name`) closest to it, as `namespace/name`: the smallest
 * edit distance between names (ignoring case, `-` and `_`), one more for another namespace; undefined when nothing is
 * within a third of the name's length (at least 2). Answers are kept per `existing` set, which a pass builds once.
 */
export function closestRef(key: string, existing: ReadonlySet<string>): string | undefined {
  let known = cache.get(existing);
  if (!known) cache.set(existing, (known = new Map()));
  if (known.has(key)) return known.get(key);
  const found = search(key, existing);
  known.set(key, found);
  return found;
}

function search(key: string, existing: ReadonlySet<string>): string | undefined {
  const { kind, namespace, name } = parseRefKey(key);
  const wanted = normalizeForTypos(name);
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestScore = limit + 1;
  for (const other of existing) {
    if (!other.startsWith(kind) || other.charCodeAt(kind.length) !== 46 /* . */ || other === key) continue;
    const { namespace: ns, name: n } = parseRefKey(other);
    const candidate = normalizeForTypos(n);
    const extra = ns === namespace ? 0 : 1;
    if (Math.abs(candidate.length - wanted.length) + extra >= bestScore) continue;
    const score = editDistance(wanted, candidate) + extra;
    if (score < bestScore || (score === bestScore && best !== undefined && `${ns}/${n}` < best)) [best, bestScore] = [`${ns}/${n}`, score];
  }
  return best;
}

/** ` (did you mean default/hello-backend?)` for a missing refKey when a close name exists, else ''. */
export function didYouMean(key: string, existing: ReadonlySet<string>): string {
  const near = closestRef(key, existing);
  return near ? ` (did you mean ${near}?)` : '';
}

/** `Upstream default/hello-backnd not found (did you mean default/hello-backend?)`. */
export function notFoundText(key: string, existing: ReadonlySet<string>): string {
  return `${describeKey(key)} not found${didYouMean(key, existing)}`;
}

/** The dependency state of a reference that names nothing: `missing`, with the suggestion (so a new close name renews cached messages). */
export function missingState(key: string, existing: ReadonlySet<string>): string {
  const near = closestRef(key, existing);
  return near ? `missing:${near}` : 'missing';
}

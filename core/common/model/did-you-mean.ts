// Suggests the field a misspelt name probably meant, and explains field names of Gloo's older APIs.

/**
 * The candidate closest to `name`, when it is close enough to be a likely typo: same letters ignoring case and
 * underscores (`virtual_host` → `virtualHost`), or an edit distance of 1 (2 for names of 6 letters or more).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = normalizeForTypos(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c === name ? Infinity : editDistance(wanted, normalizeForTypos(c));
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  const limit = wanted.length >= 6 ? 2 : 1;
  return bestDistance <= limit ? best : undefined;
}

/** A name as typos are compared: lower case, without `-` and `_`. */
export function normalizeForTypos(s: string): string {
  return s.toLowerCase().replace(/[_-]/g, '');
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) { rows[0].push(j); continue; }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
    }
  }
  return rows[a.length][b.length];
}

/** Field names of Gloo's pre-1.0 APIs and what the v1 API calls them. */
const OLD_API_FIELDS: Readonly<Record<string, string>> = {
  matcher: 'Gloo\'s v1 API takes `matchers`, a list of matchers',
  routePlugins: 'route options are under `options` in Gloo\'s v1 API',
  virtualHostPlugins: 'virtual host options are under `options` in Gloo\'s v1 API',
  listenerPlugins: 'listener options are under `options` in Gloo\'s v1 API',
  plugins: 'options are under `options` in Gloo\'s v1 API',
  upstreamSpec: 'Gloo\'s v1 API puts the upstream type (`kube`, `static`, `aws`, ...) directly in the spec',
  bindAddr: 'Gloo\'s v1 Settings call it `gloo.xdsBindAddr`',
};

/**
 * The message for an unknown field: what was probably meant among its siblings, the field one level down that has
 * exactly this name (`domains` → `virtualHost.domains`), or how the v1 API spells a field of an older API.
 * `nested` maps each sibling field to the field names of its message (a `[]` suffix for a list of messages).
 */
export function unknownFieldMessage(name: string, siblings: readonly string[], nested: ReadonlyMap<string, readonly string[]> = new Map()): string {
  const near = closestName(name, siblings);
  const old = Object.hasOwn(OLD_API_FIELDS, name) && !siblings.includes(name) ? OLD_API_FIELDS[name] : undefined;
  const head = `unknown field \`${name}\``;
  if (old && near) return `${head}; did you mean \`${near}\`? (${old})`;
  if (old) return `${head}: ${old}`;
  if (near) return `${head}; did you mean \`${near}\`?`;
  const parent = [...nested].find(([, names]) => names.includes(name))?.[0];
  return parent ? `${head}; it belongs inside \`${parent}\` (\`${parent}.${name}\`)` : head;
}

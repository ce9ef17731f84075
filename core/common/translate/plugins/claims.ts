// Which plugins translate which option fields, and the Warning for fields no plugin translates.
import type { Issue } from '../served';
import { notTranslatedReason } from './not-translated/reasons';
import type { Plugin } from './plugin';
import { PLUGINS } from './registry';

/** Plugins by the option field they claim, for one kind of options; built on first use, so module load order never matters. */
export class ClaimTable {
  private table: Map<string, Plugin[]> | undefined;

  constructor(
    private readonly of: (p: Plugin) => readonly string[] | undefined,
    private readonly extra: readonly string[] = [],
  ) {}

  /** The plugins claiming a field, or undefined when none does. */
  get(field: string): readonly Plugin[] | undefined {
    if (!this.table) {
      this.table = new Map(this.extra.map((f) => [f, []]));
      for (const p of PLUGINS) for (const f of this.of(p) ?? []) this.table.set(f, [...(this.table.get(f) ?? []), p]);
    }
    return this.table.get(field);
  }
}

/** The claim table of one kind of options (`of` gives each plugin's fields of that kind; `extra` fields are claimed by the translator itself). */
export function claimTable(of: (p: Plugin) => readonly string[] | undefined, extra: readonly string[] = []): ClaimTable {
  return new ClaimTable(of, extra);
}

/** The plugins claiming set fields of an options object (in field order); unclaimed set fields are pushed to `unclaimed` when given. The result is shared and empty when none claims a field: never change it. */
export function pluginsFor(o: object, table: ClaimTable, unclaimed?: string[]): ReadonlySet<Plugin> {
  let found: Set<Plugin> | undefined;
  const fields = o as Readonly<Record<string, unknown>>;
  // for…in visits own keys in Object.entries' order (option objects are plain JSON) without building the pairs.
  for (const k in fields) {
    const v = fields[k];
    if (v === undefined || v === null) continue;
    const ps = table.get(k);
    if (ps) for (const p of ps) (found ??= new Set()).add(p);
    else unclaimed?.push(k);
  }
  return found ?? NO_PLUGINS;
}

const NO_PLUGINS: ReadonlySet<Plugin> = new Set();

/** Warnings for set fields no plugin translates (`field` prefixes each name, e.g. `options`). */
export function notTranslated(field: string, names: readonly string[]): Issue[] {
  return names.map((n) => ({ severity: 'warning', message: `${field ? `${field}.` : ''}${n} is not translated: ${notTranslatedReason(n)}` }));
}

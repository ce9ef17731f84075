// Filter chains of one listener that claim the same connections. Envoy refuses such a listener
// ("multiple filter chains with the same matching rules are defined", listener_manager); Gloo reports
// it as an error before Envoy sees it (CheckForFilterChainConsistency, projects/gloo/pkg/translator/
// listener.go). Two chains clash when, for every criterion, their values overlap: server names and
// source and destination ranges are compared value by value (an empty list matches everything, so it
// only overlaps another empty list), the other criteria as a whole.
import type { FilterChainMatchJson } from '../../gen/envoy/envoy/config/listener/v3/listener_components_pb';
import { stableStringify } from '../../model/hash';

/** A filter chain's match and how messages name the chain. */
export interface NamedMatch {
  readonly match: FilterChainMatchJson | undefined;
  readonly label: string;
}

/** One sentence per pair of chains claiming the same connections, naming both and what they share. */
export function chainConflicts(chains: readonly NamedMatch[]): string[] {
  const owners = new Map<string, number>();
  const reported = new Set<string>();
  const out: string[] = [];
  chains.forEach((c, i) => {
    for (const cell of cellsOf(c.match)) {
      const prior = owners.get(cell.key);
      if (prior === undefined) {
        owners.set(cell.key, i);
        continue;
      }
      const pair = `${prior},${i}`;
      if (reported.has(pair)) continue;
      reported.add(pair);
      out.push(`${chains[prior].label} and ${c.label} give filter chains that match the same connections (${cell.text}); Envoy refuses such a listener`);
    }
  });
  return out;
}

interface Cell {
  readonly key: string;
  readonly text: string;
}

/** Every (server name, source range, destination range) combination a match claims, with the rest of the match. */
function cellsOf(m: FilterChainMatchJson | undefined): Cell[] {
  const { serverNames, sourcePrefixRanges, prefixRanges, ...rest } = m ?? {};
  const restKey = stableStringify(rest);
  const names = serverNames?.length ? serverNames.map((n) => n.toLowerCase()) : [''];
  const sources = rangesOf(sourcePrefixRanges);
  const dests = rangesOf(prefixRanges);
  const cells: Cell[] = [];
  for (const n of names) {
    for (const s of sources) {
      for (const d of dests) {
        const parts = [n ? `server name ${n}` : 'no server name', s ? `source ${s}` : '', d ? `destination ${d}` : ''].filter(Boolean);
        cells.push({ key: `${n}|${s}|${d}|${restKey}`, text: parts.join(', ') });
      }
    }
  }
  return cells;
}

function rangesOf(ranges: readonly { addressPrefix?: string; prefixLen?: number }[] | undefined): string[] {
  return ranges?.length ? ranges.map((r) => `${r.addressPrefix ?? ''}/${r.prefixLen ?? ''}`) : [''];
}

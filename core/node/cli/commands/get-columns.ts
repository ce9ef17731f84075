// The columns of `get`'s table: the same for every kind, plus a few per kind (glooctl's DOMAINS for VirtualServices by
// default; routes, TLS, bind address and upstream type with `-o wide`, as kubectl adds columns there).
import type { KindName } from '../../../common/model/kinds';
import type { Resource } from '../../../common/model/resource';

/** One table column: its header and the cell of an object. */
export interface Column {
  readonly header: string;
  cell(r: Resource): string;
}

/** The oneof of an Upstream's type, in Gloo's upstream.proto order (`upstream_type`). */
const UPSTREAM_TYPES = ['kube', 'static', 'pipe', 'aws', 'azure', 'consul', 'awsEc2', 'gcp', 'ai'] as const;

const domains: Column = { header: 'DOMAINS', cell: (r) => ((r as Resource<'VirtualService'>).spec.virtualHost?.domains ?? []).join(',') };

/** Per kind: columns of the default table, and the ones `-o wide` adds. */
const KIND_COLUMNS: Partial<Record<KindName, { table: Column[]; wide: Column[] }>> = {
  VirtualService: {
    table: [domains],
    wide: [
      { header: 'ROUTES', cell: (r) => String((r as Resource<'VirtualService'>).spec.virtualHost?.routes?.length ?? 0) },
      { header: 'SSL', cell: (r) => ((r as Resource<'VirtualService'>).spec.sslConfig ? 'yes' : 'no') },
    ],
  },
  RouteTable: { table: [], wide: [{ header: 'ROUTES', cell: (r) => String((r as Resource<'RouteTable'>).spec.routes?.length ?? 0) }] },
  Upstream: { table: [], wide: [{ header: 'TYPE', cell: (r) => UPSTREAM_TYPES.find((t) => (r as Resource<'Upstream'>).spec[t]) ?? '' }] },
  Gateway: {
    table: [],
    wide: [{ header: 'BIND', cell: (r) => { const s = (r as Resource<'Gateway'>).spec; return `${s.bindAddress ?? '::'}:${s.bindPort ?? ''}`; } }],
  },
  Proxy: { table: [], wide: [{ header: 'LISTENERS', cell: (r) => String((r as Resource<'Proxy'>).spec.listeners?.length ?? 0) }] },
};

/** The columns for a kind: NAMESPACE NAME STATUS, the kind's own, then SOURCE and REASON (all of it when wide, else its first line). */
export function columnsOf(kind: KindName, wide: boolean): Column[] {
  const own = KIND_COLUMNS[kind];
  return [
    { header: 'NAMESPACE', cell: (r) => r.metadata.namespace },
    { header: 'NAME', cell: (r) => r.metadata.name },
    { header: 'STATUS', cell: (r) => r.status?.state ?? 'Pending' },
    ...(own?.table ?? []),
    ...(wide ? own?.wide ?? [] : []),
    { header: 'SOURCE', cell: (r) => (r.source ? `${r.source.file}:${r.source.line}` : '') },
    { header: 'REASON', cell: (r) => (wide ? (r.status?.reason ?? '').split('\n').join('; ') : (r.status?.reason ?? '').split('\n')[0]) },
  ];
}

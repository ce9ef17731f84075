// How topology boxes and arrows look: every state has its own symbol and word as well as its colour
// (✕ Rejected, ⚠ Warning, ? missing), folded boxes say what they hold, weighted arrows carry their share.
import { BaseEdge, Handle, Position, type EdgeProps, type Node, type NodeProps } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { ShownNode } from './topology-fold';

/** What a box's data carries. */
export interface BoxData extends Record<string, unknown> {
  readonly node: ShownNode;
  /** `hit` for a searched or request-path node, `dim` for nodes off the highlighted paths. */
  readonly mark?: 'hit' | 'path' | 'dim';
}

/** What an arrow's data carries. */
export interface ArrowData extends Record<string, unknown> {
  readonly points: readonly { x: number; y: number }[];
  readonly label?: string;
  readonly broken: boolean;
  readonly mark?: 'path' | 'dim';
}

/** The symbol and word of each state that needs attention. */
export const STATE_SYMBOL: Readonly<Record<string, { symbol: string; word: string }>> = {
  Rejected: { symbol: '✕', word: 'Rejected' },
  Warning: { symbol: '⚠', word: 'Warning' },
  missing: { symbol: '?', word: 'Missing' },
  Pending: { symbol: '…', word: 'Pending' },
  FileError: { symbol: '!', word: 'File error' },
};

/** The accessible name of a box: kind, name, state and what it holds. */
export function boxLabel(n: ShownNode): string {
  const state = n.state && n.state !== 'Accepted' ? `, ${STATE_SYMBOL[n.state]?.word ?? n.state}` : '';
  const folded = n.folded ? (n.kind === 'Namespace' ? `, ${n.folded} objects folded` : `, ${n.folded} routes folded`) : '';
  const problems = n.foldedProblems ? `, ${n.foldedProblems} need attention` : '';
  return `${n.kind} ${n.label}${state}${folded}${problems}`;
}

/** One box. */
export function TopologyBox(props: NodeProps<Node<BoxData>>): ReactNode {
  const { node: n, mark } = props.data;
  const sym = n.state ? STATE_SYMBOL[n.state] : undefined;
  const stateClass = n.state ? `state-${n.state.toLowerCase()}` : '';
  return (
    <div className={`topo-box topo-${n.kind.toLowerCase()} ${stateClass} ${mark ? `mark-${mark}` : ''}`} title={n.detail} data-testid="topo-node" data-id={n.id} data-state={n.state ?? ''} data-mark={mark ?? ''}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="topo-kind">{n.kind}{n.kind === 'Namespace' ? ' (folded)' : ''}</span>
      <span className="topo-name">{n.label}</span>
      {sym && <span className={`topo-state ${stateClass}`}><span aria-hidden="true">{sym.symbol}</span> {sym.word}</span>}
      {n.folded !== undefined && (
        <span className="topo-folded">
          {n.kind === 'Namespace' ? `${n.folded} objects` : `+${n.folded} route${n.folded === 1 ? '' : 's'}`}
          {n.foldedProblems ? <strong className="topo-folded-bad"> · ✕ {n.foldedProblems} need attention</strong> : null}
        </span>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

/** The SVG path through a polyline's points, with rounded bends. */
export function polylinePath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length; i++) d += ` L ${points[i].x} ${points[i].y}`;
  return d;
}

/** One arrow, along the bend points the layout chose, with its weight label. */
export function TopologyArrow(props: EdgeProps<import('@xyflow/react').Edge<ArrowData>>): ReactNode {
  const data = props.data;
  const points = data?.points.length ? data.points : [{ x: props.sourceX, y: props.sourceY }, { x: props.targetX, y: props.targetY }];
  const mid = points[Math.floor(points.length / 2)];
  const end = points[points.length - 1];
  const before = points[points.length - 2] ?? points[0];
  const cls = `topo-edge ${data?.broken ? 'edge-broken' : ''} ${data?.mark ? `edge-${data.mark}` : ''}`;
  return (
    <>
      <BaseEdge id={props.id} path={polylinePath(points)} className={cls} />
      <path className={`topo-arrowhead ${cls}`} d={arrowHead(before, end)} />
      {data?.label && (
        <g className="topo-edge-label" transform={`translate(${mid.x}, ${mid.y - 6})`}>
          <rect x={-18} y={-10} width={36} height={16} rx={3} />
          <text textAnchor="middle" y={2}>{data.label}</text>
        </g>
      )}
    </>
  );
}

function arrowHead(from: { x: number; y: number }, to: { x: number; y: number }): string {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const a = (d: number) => `${to.x - 8 * Math.cos(angle + d)} ${to.y - 8 * Math.sin(angle + d)}`;
  return `M ${a(0.45)} L ${to.x} ${to.y} L ${a(-0.45)} Z`;
}

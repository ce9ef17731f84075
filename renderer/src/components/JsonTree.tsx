// A collapsible JSON tree; children are rendered only when opened, so large configs stay light.
import { useState, type ReactNode } from 'react';

/** Props of JsonTree. `annotate` may add a chip after any object's label (e.g. a link to its source). */
export interface JsonTreeProps {
  readonly value: unknown;
  readonly label?: string;
  /** Levels open at first. */
  readonly openDepth?: number;
  readonly annotate?: (value: unknown) => ReactNode;
}

/** Renders value as an expandable tree. */
export function JsonTree(props: JsonTreeProps): ReactNode {
  return (
    <div className="json-tree">
      <JsonNode label={props.label} value={props.value} depth={0} openDepth={props.openDepth ?? 1} annotate={props.annotate} />
    </div>
  );
}

function summary(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  const name = (value as { name?: unknown }).name;
  const keys = Object.keys(value as object).length;
  return typeof name === 'string' ? `{${keys}} ${name}` : `{${keys}}`;
}

function Scalar(props: { value: unknown }): ReactNode {
  const v = props.value;
  const cls = typeof v === 'string' ? 'j-str' : typeof v === 'number' ? 'j-num' : typeof v === 'boolean' ? 'j-bool' : 'j-null';
  return <span className={cls}>{typeof v === 'string' ? JSON.stringify(v) : String(v)}</span>;
}

function JsonNode(props: { label?: string; value: unknown; depth: number; openDepth: number; annotate?: (v: unknown) => ReactNode }): ReactNode {
  const { value, label, depth } = props;
  const [open, setOpen] = useState(depth < props.openDepth);
  const composite = value !== null && typeof value === 'object';
  if (!composite) {
    return <div className="j-row">{label !== undefined && <span className="j-key">{label}: </span>}<Scalar value={value} /></div>;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as object);
  return (
    <div className="j-node">
      <div className="j-row">
        <button type="button" className="j-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'}</button>
        {label !== undefined && <span className="j-key">{label}: </span>}
        <span className="j-summary">{summary(value)}</span>
        {props.annotate?.(value)}
      </div>
      {open && (
        <div className="j-children">
          {entries.map(([k, v]) => <JsonNode key={k} label={k} value={v} depth={depth + 1} openDepth={props.openDepth} annotate={props.annotate} />)}
        </div>
      )}
    </div>
  );
}

// The coloured state pill shown next to every object.
import type { ReactNode } from 'react';
import type { ObjectState } from '../../../core/common/api/contract';

/** A badge for an object state (Accepted, Warning, Rejected, Pending), or `File error` when the object's file fails to load now. */
export function StatusBadge(props: { state: ObjectState; fileError?: boolean; title?: string }): ReactNode {
  if (props.fileError) return <span className="badge badge-file-error" title={props.title}>File error</span>;
  return <span className={`badge badge-${props.state.toLowerCase()}`} title={props.title}>{props.state}</span>;
}

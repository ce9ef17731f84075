// The coloured state pill shown next to every object.
import type { ReactNode } from 'react';
import type { ObjectState } from '../../../core/common/api/contract';

/** A badge for an object state (Accepted, Warning, Rejected, Pending). */
export function StatusBadge(props: { state: ObjectState; title?: string }): ReactNode {
  return <span className={`badge badge-${props.state.toLowerCase()}`} title={props.title}>{props.state}</span>;
}

// A link from generated config back to the object that produced it.
import type { ReactNode } from 'react';
import type { SourceRef } from '../../../core/common/route/decision';
import { KIND_NAMES, type KindName } from '../../../core/common/model/kinds';
import { editorHash } from '../router/routes';

/** `Kind ns/name #i` linking to the object's editor. */
export function SourceLink(props: { source: SourceRef }): ReactNode {
  const s = props.source;
  const label = `${s.kind} ${s.namespace}/${s.name}${s.routeIndex !== undefined ? ` #${s.routeIndex}` : ''}`;
  if (!(KIND_NAMES as readonly string[]).includes(s.kind)) return <span className="source-link">{label}</span>;
  return <a className="source-link" data-testid="source-link" href={editorHash({ kind: s.kind as KindName, namespace: s.namespace, name: s.name })}>{label}</a>;
}

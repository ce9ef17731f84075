// The pipeline diagram: store → snapshot → gateway stage → Proxies → gloo stage → xDS → clients. The running
// stage is lit and a token travels into it; each box says what changed there in this pass.
import type { ReactNode } from 'react';
import { MAX_ITEMS, type PipelineBox } from './pipeline-model';

/** Draws the boxes; `passId` restarts the token's animation for each pass. */
export function PipelineDiagram(props: { boxes: readonly PipelineBox[]; passId?: number }): ReactNode {
  const running = props.boxes.filter((b) => b.status === 'running').map((b) => b.label).join(' and ');
  return (
    <figure className="pipeline" data-testid="pipeline">
      <ol className="pipeline-boxes" aria-label={`Pipeline${props.passId ? ` of pass ${props.passId}` : ''}${running ? `; now at ${running}` : ''}`}>
        {props.boxes.map((b, i) => (
          <li key={b.id} className={`pipeline-box pipeline-${b.status}`} data-box={b.id} data-status={b.status}>
            {i > 0 && <span className="pipeline-arrow" aria-hidden="true"><span key={`${props.passId}-${b.status}`} className={b.status === 'running' ? 'pipeline-token' : ''} /></span>}
            <span className="pipeline-card">
              <span className="pipeline-label">{b.label}</span>
              <span className="pipeline-status">{b.status === 'running' ? '● now' : b.status === 'done' ? '✓ done' : '○ waiting'}</span>
              <span className="pipeline-count" data-testid={`count-${b.id}`}>{b.count ?? '—'}</span>
              {b.items && (
                <ul className="pipeline-items" data-testid={`items-${b.id}`}>
                  {b.items.slice(0, MAX_ITEMS).map((name) => <li key={`${props.passId}-${name}`} className="pipeline-item">{name}</li>)}
                  {b.items.length > MAX_ITEMS && <li className="pipeline-item muted">+{b.items.length - MAX_ITEMS} more</li>}
                </ul>
              )}
            </span>
          </li>
        ))}
      </ol>
    </figure>
  );
}

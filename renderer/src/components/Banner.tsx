// Inline notices: errors, warnings and confirmations.
import type { ReactNode } from 'react';

/** A one-block notice; `tone` picks the colour. */
export function Banner(props: { tone: 'error' | 'warning' | 'info' | 'ok'; children: ReactNode; testId?: string }): ReactNode {
  return <div className={`banner banner-${props.tone}`} role={props.tone === 'error' ? 'alert' : 'status'} data-testid={props.testId}>{props.children}</div>;
}

/** A muted placeholder for empty or loading panes. */
export function Empty(props: { children: ReactNode }): ReactNode {
  return <div className="empty">{props.children}</div>;
}

// Teaching mode (`#/teach`): the pipeline diagram, the pending change of a paused loop, and the result of the
// stage reached — the snapshot diff, the generated Proxy diff, the xDS diff, then the clients' ACKs.
import { useMemo, type ReactNode } from 'react';
import { describePendingChange } from '../../../../core/common/loop/pending-change';
import { Banner, Empty } from '../../components/Banner';
import { useLiveState, useLiveStore } from '../../state/store-context';
import { DiffPane } from '../timeline/DiffPane';
import { diffModel } from '../timeline/diff-model';
import { AckPanel } from './AckPanel';
import { PipelineDiagram } from './PipelineDiagram';
import { currentStages, pipelineBoxes } from './pipeline-model';

const STAGE_TITLES = {
  snapshot: 'Stage 1 · Snapshot: what changed in the input',
  proxies: 'Stage 2 · Gateway stage: the Proxies generated',
  xds: 'Stage 3 · Gloo stage: the xDS published',
} as const;

/** The teaching view. */
export function TeachView(): ReactNode {
  const teaching = useLiveState((s) => s.teaching);
  const stages = useLiveState((s) => s.stages);
  const passes = useLiveState((s) => s.passes);
  const envoy = useLiveState((s) => s.envoy);
  const nodes = useLiveState((s) => s.nodes);
  const paused = useLiveState((s) => s.info?.paused ?? false);
  const store = useLiveStore();
  // Before any stage event, the newest pass has gone through its first three stages.
  const liveStages = stages ?? (passes[0] ? { passId: passes[0].id, reached: ['snapshot', 'proxies', 'xds'] as const } : undefined);
  const reached = currentStages(teaching, liveStages);
  const staged = teaching?.staged && reached === teaching.staged.reached ? teaching.staged : undefined;
  const live = staged ? undefined : passes.find((p) => p.id === liveStages?.passId);
  const boxes = useMemo(() => pipelineBoxes(reached, staged, live), [reached, staged, live]);
  const current = reached.at(-1);
  const diff = useMemo(() => {
    if (!staged || !current || current === 'ack') return undefined;
    return diffModel(current === 'snapshot' ? staged.snapshotDiff : current === 'proxies' ? staged.proxyDiff : staged.xdsDiff);
  }, [staged, current]);

  return (
    <div className="view view-teach">
      <div className="teach-scroll">
        <PipelineDiagram boxes={boxes} passId={staged?.passId ?? liveStages?.passId} />
        {teaching?.pending && (
          <Banner tone="warning" testId="pending-change">
            <strong>{describePendingChange(teaching.pending)}</strong>; press <kbd>Space</kbd> or <button type="button" className="link" onClick={() => void store.stepStage()}>Step</button> to run stage 1.
          </Banner>
        )}
        {!paused && !staged && (
          <Banner tone="info">The loop runs every change at once. <button type="button" className="link" onClick={() => void store.setPaused(true)}>Pause it</button> (or press <kbd>P</kbd>), edit a file, then step one stage at a time with <kbd>Space</kbd>.</Banner>
        )}
        {paused && !staged && !teaching?.pending && <Banner tone="info">Paused. Edit a file or an object: the change waits here until you step.</Banner>}
        {staged && current && current !== 'ack' && diff && (
          <section className="stage-panel" data-testid="stage-panel" data-stage={current} aria-label={STAGE_TITLES[current]}>
            <DiffPane title={STAGE_TITLES[current]} model={diff} showUnchanged={false} testId={`stage-diff-${current}`} />
            {current === 'xds' && staged.published && Object.keys(staged.published).length > 0 && (
              <p className="published">Published: {Object.entries(staged.published).map(([proxy, v]) => <span key={proxy} className="mono chip">{proxy} @ {v || 'removed'}</span>)}</p>
            )}
            {current === 'xds' && staged.xdsDiff?.equal && <p className="muted">Nothing new reached the clients: a rejected object keeps its last good version in the xDS.</p>}
          </section>
        )}
        {current === 'ack' && <AckPanel teaching={teaching} acks={staged?.acks} envoy={envoy} nodes={nodes.length} />}
        {!staged && !current && <Empty>No pass has run yet: change an object (<a href="#/new/VirtualService">+ VirtualService</a>) and step through the pass it starts.</Empty>}
      </div>
    </div>
  );
}

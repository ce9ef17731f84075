// Teaching mode controls in the header: pause/resume the loop, step one stage or a whole pass, the stages of
// the newest pass (snapshot → proxies → xDS → ACK) lighting up in order, and the pending change of a paused loop.
import { useEffect, useState, type ReactNode } from 'react';
import { describePendingChange } from '../../../core/common/loop/pending-change';
import { formatRoute } from '../router/routes';
import { PASS_STAGES } from '../state/live-state';
import { useLiveState, useLiveStore } from '../state/store-context';
import { currentStages } from '../views/teach/pipeline-model';

const STAGE_LABELS: Readonly<Record<(typeof PASS_STAGES)[number], string>> = { snapshot: 'Snapshot', proxies: 'Proxies', xds: 'xDS', ack: 'ACK' };
const STAGE_STEP_MS = 260;

/** How many stages to show lit: catches up with `reached` one stage per step so the order stays visible. */
function useSteppedCount(passId: number | undefined, reached: number): number {
  const [shown, setShown] = useState({ passId, count: 0 });
  useEffect(() => {
    if (shown.passId !== passId) {
      setShown({ passId, count: Math.min(1, reached) });
      return;
    }
    if (shown.count >= reached) return;
    const t = setTimeout(() => setShown({ passId, count: shown.count + 1 }), STAGE_STEP_MS);
    return () => clearTimeout(t);
  }, [passId, reached, shown]);
  return shown.passId === passId ? Math.min(shown.count, reached) : 0;
}

/** The teaching controls of the header. */
export function TeachingBar(): ReactNode {
  const store = useLiveStore();
  const paused = useLiveState((s) => s.info?.paused ?? false);
  const stages = useLiveState((s) => s.stages);
  const teaching = useLiveState((s) => s.teaching);
  const nodes = useLiveState((s) => s.nodes.length);
  const [busy, setBusy] = useState(false);
  const reached = currentStages(teaching, stages);
  const passId = teaching?.staged && reached === teaching.staged.reached ? teaching.staged.passId : stages?.passId;
  const lit = useSteppedCount(passId, reached.length);

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    action().finally(() => setBusy(false));
  };

  return (
    <div className="teaching" data-testid="teaching" role="group" aria-label="Teaching mode">
      <button type="button" className={paused ? 'primary' : ''} disabled={busy} onClick={() => run(() => store.setPaused(!paused))} data-testid="pause" aria-keyshortcuts="p">
        <span aria-hidden="true">{paused ? '▶' : '❚❚'}</span> {paused ? 'Resume' : 'Pause'}
      </button>
      {paused && <button type="button" disabled={busy} onClick={() => run(() => store.stepStage())} title="Run the next stage (Space)" data-testid="step-stage" aria-keyshortcuts="Space">Step stage</button>}
      {paused && <button type="button" disabled={busy} onClick={() => run(() => store.step())} title="Run a whole pass (N)" data-testid="step" aria-keyshortcuts="n">Step pass</button>}
      <ol className="stages" aria-label={passId ? `Stages of pass ${passId}` : 'Stages'}>
        {PASS_STAGES.map((s, i) => (
          <li key={s} className={i < lit ? 'stage-on' : ''} data-stage={s} data-on={i < lit}
            title={s === 'ack' && nodes === 0 ? 'No Envoy or gRPC client is connected, so nothing can ACK; the Teach view can start a built-in client' : undefined}>
            <span aria-hidden="true">{i < lit ? '✓ ' : ''}</span>{STAGE_LABELS[s]}{s === 'ack' && nodes === 0 ? <a className="stage-note" href="#/teach"> · no client</a> : ''}
            <span className="sr-only">{i < lit ? ' reached' : ' not reached'}</span>
          </li>
        ))}
      </ol>
      {passId !== undefined && <span className="pass-label">pass #{passId}</span>}
      {teaching?.pending && (
        <a className="pending" href={formatRoute({ view: 'teach' })} data-testid="pending-indicator">
          <span aria-hidden="true">●</span> {describePendingChange(teaching.pending)}; press Step
        </a>
      )}
    </div>
  );
}

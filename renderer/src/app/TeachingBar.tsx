// Teaching mode controls: pause/resume the loop, step one pass, and the stages of the newest pass
// (snapshot → proxies → xDS → ACK) lighting up one after another.
import { useEffect, useState, type ReactNode } from 'react';
import { PASS_STAGES } from '../state/live-state';
import { useLiveState, useLiveStore } from '../state/store-context';

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
  return shown.passId === passId ? shown.count : 0;
}

/** The teaching controls of the header. */
export function TeachingBar(): ReactNode {
  const store = useLiveStore();
  const paused = useLiveState((s) => s.info?.paused ?? false);
  const stages = useLiveState((s) => s.stages);
  const [busy, setBusy] = useState(false);
  const lit = useSteppedCount(stages?.passId, stages?.reached.length ?? 0);

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    action().finally(() => setBusy(false));
  };

  return (
    <div className="teaching" data-testid="teaching">
      <button type="button" className={paused ? 'primary' : ''} disabled={busy} onClick={() => run(() => store.setPaused(!paused))} data-testid="pause">
        {paused ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <button type="button" disabled={!paused || busy} onClick={() => run(() => store.step())} title="Run one pass on the current input" data-testid="step">Step</button>
      <ol className="stages" aria-label={stages ? `Stages of pass ${stages.passId}` : 'Stages'}>
        {PASS_STAGES.map((s, i) => (
          <li key={s} className={i < lit ? 'stage-on' : ''} data-stage={s} data-on={i < lit}>{STAGE_LABELS[s]}</li>
        ))}
      </ol>
      {stages && <span className="muted">pass #{stages.passId}</span>}
    </div>
  );
}

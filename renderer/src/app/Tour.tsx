// The guided tour's card: one step at a time, with its action button, Back, Next and Close.
import { useEffect, useState, type ReactNode } from 'react';
import { navigate } from '../router/use-route';
import { useEngine, useLiveStore } from '../state/store-context';
import { setUi } from '../state/ui-state';
import { TOUR_STEPS } from './tour-steps';

/** The tour at `step`. */
export function Tour(props: { step: number }): ReactNode {
  const api = useEngine();
  const store = useLiveStore();
  const step = TOUR_STEPS[Math.min(props.step, TOUR_STEPS.length - 1)];
  const [state, setState] = useState<{ busy: boolean; done?: boolean; error?: string }>({ busy: false });
  useEffect(() => {
    navigate(step.hash);
    setState({ busy: false });
  }, [step]);
  const go = (n: number) => setUi({ tourStep: n < 0 || n >= TOUR_STEPS.length ? undefined : n });
  const act = () => {
    if (!step.action) return;
    setState({ busy: true });
    step.action.run(api, (p) => store.setPaused(p)).then(
      () => setState({ busy: false, done: true }),
      (e: unknown) => setState({ busy: false, error: e instanceof Error ? e.message : String(e) }),
    );
  };
  return (
    <aside className="tour" role="dialog" aria-labelledby="tour-title" data-testid="tour" data-step={props.step}>
      <p className="tour-progress">Guided tour · step {props.step + 1} of {TOUR_STEPS.length}</p>
      <h2 id="tour-title">{step.title}</h2>
      <p>{step.text}</p>
      {step.action && (
        <button type="button" className="primary" onClick={act} disabled={state.busy || state.done} data-testid="tour-action">
          {state.done ? `✓ ${step.action.label}` : step.action.label}
        </button>
      )}
      {state.error && <p className="nack" role="alert">{state.error}</p>}
      <div className="tour-nav">
        <button type="button" onClick={() => go(props.step - 1)} disabled={props.step === 0}>Back</button>
        <button type="button" onClick={() => go(props.step + 1)} data-testid="tour-next">{props.step === TOUR_STEPS.length - 1 ? 'Finish' : 'Next'}</button>
        <button type="button" className="ghost" onClick={() => go(-1)}>Close tour</button>
      </div>
    </aside>
  );
}

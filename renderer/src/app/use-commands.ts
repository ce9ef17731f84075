// Runs the UI's commands: from single-key shortcuts on the page and from the desktop shell's menu.
import { useEffect } from 'react';
import type { ShellCommand } from '../../../core/common/api/shell-commands';
import { navigate } from '../router/use-route';
import type { LiveStore } from '../state/live-store';
import { useEngine, useLiveStore } from '../state/store-context';
import { getUi, setUi } from '../state/ui-state';
import { commandOfKey, isTypingTarget } from './shortcuts';

/** Does what a command says. */
export async function runCommand(command: ShellCommand, store: LiveStore): Promise<void> {
  const paused = store.getState().info?.paused ?? false;
  switch (command) {
    case 'step-stage':
      if (!paused) await store.setPaused(true);
      if (!window.location.hash.startsWith('#/teach')) navigate('#/teach');
      await store.stepStage();
      return;
    case 'step-pass':
      if (paused) await store.step();
      return;
    case 'toggle-pause': return store.setPaused(!paused);
    case 'presenter': return setUi((s) => ({ presenter: !s.presenter }));
    case 'hide-chrome': return setUi((s) => ({ chromeHidden: !s.chromeHidden }));
    case 'shortcuts': return setUi((s) => ({ shortcutsOpen: !s.shortcutsOpen }));
    case 'tour': return setUi((s) => ({ tourStep: s.tourStep === undefined ? 0 : undefined }));
    case 'find': {
      const field = document.querySelector<HTMLInputElement>('main input[type=search]');
      field?.focus();
      field?.select();
      return;
    }
  }
}

/** Listens to keys and menu commands while mounted. */
export function useCommands(): void {
  const store = useLiveStore();
  const client = useEngine();
  useEffect(() => {
    const run = (c: ShellCommand) => void runCommand(c, store).catch(() => undefined);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && (getUi().shortcutsOpen || getUi().tourStep !== undefined)) {
        setUi({ shortcutsOpen: false, ...(getUi().shortcutsOpen ? {} : { tourStep: undefined }) });
        return;
      }
      const target = e.target as Element | null;
      // Space and Enter on a focused button or link activate it; they are not shortcuts there.
      if (e.key === ' ' && target && (target.closest('button, a, [role=button], [role=listitem] a, summary'))) return;
      const command = commandOfKey({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, typing: isTypingTarget(target) });
      if (!command) return;
      e.preventDefault();
      run(command);
    };
    window.addEventListener('keydown', onKey);
    const offMenu = client.onCommand(run);
    return () => {
      window.removeEventListener('keydown', onKey);
      offMenu();
    };
  }, [store, client]);
}

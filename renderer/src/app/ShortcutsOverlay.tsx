// The `?` overlay: every keyboard shortcut, in a dialog that closes with Escape or its button.
import { useEffect, useRef, type ReactNode } from 'react';
import { setUi } from '../state/ui-state';
import { SHORTCUTS } from './shortcuts';

/** The shortcuts dialog. */
export function ShortcutsOverlay(): ReactNode {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="overlay" role="presentation" onClick={() => setUi({ shortcutsOpen: false })}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts" onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => { if (e.key === 'Escape') setUi({ shortcutsOpen: false }); }}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table className="grid shortcuts">
          <thead><tr><th scope="col">Key</th><th scope="col">Does</th></tr></thead>
          <tbody>
            {SHORTCUTS.map((s) => <tr key={s.keys}><td><kbd>{s.keys}</kbd></td><td>{s.does}</td></tr>)}
            <tr><td><kbd>↑</kbd> <kbd>↓</kbd> <kbd>Home</kbd> <kbd>End</kbd></td><td>Move through a list; <kbd>Enter</kbd> opens the row</td></tr>
            <tr><td><kbd>Esc</kbd></td><td>Close this dialog or the tour</td></tr>
          </tbody>
        </table>
        <p className="muted">Single keys work anywhere except in text fields and the editor. The desktop app's menus list the same commands.</p>
        <button ref={close} type="button" onClick={() => setUi({ shortcutsOpen: false })}>Close</button>
      </div>
    </div>
  );
}

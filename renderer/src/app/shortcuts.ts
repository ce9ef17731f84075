// Keyboard shortcuts of the whole UI, and the menu commands of the desktop shell that do the same things.
import type { ShellCommand } from '../../../core/common/api/shell-commands';

/** One shortcut as the `?` overlay lists it. */
export interface Shortcut {
  readonly keys: string;
  readonly does: string;
  readonly command: ShellCommand;
}

/** Every single-key shortcut; they work anywhere but in text fields and the editor. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Space', does: 'Step one stage (pauses the loop first)', command: 'step-stage' },
  { keys: 'N', does: 'Step a whole pass', command: 'step-pass' },
  { keys: 'P', does: 'Pause or resume the loop', command: 'toggle-pause' },
  { keys: 'M', does: 'Presenter mode: large type', command: 'presenter' },
  { keys: 'H', does: 'Hide or show the header', command: 'hide-chrome' },
  { keys: 'T', does: 'Start or stop the guided tour', command: 'tour' },
  { keys: '/', does: 'Find: focus the search field of the view', command: 'find' },
  { keys: '?', does: 'Show or hide these shortcuts', command: 'shortcuts' },
];

const BY_KEY: Readonly<Record<string, ShellCommand>> = { ' ': 'step-stage', n: 'step-pass', p: 'toggle-pause', m: 'presenter', h: 'hide-chrome', t: 'tour', '/': 'find', '?': 'shortcuts' };

/** The minimal keyboard event the mapping reads. */
export interface KeyInput {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** Whether focus is in a text field, a select or the editor, where keys type. */
  readonly typing: boolean;
}

/** The command a key press means, or undefined (typing, modifiers, or an unbound key). */
export function commandOfKey(e: KeyInput): ShellCommand | undefined {
  if (e.typing || e.ctrlKey || e.metaKey || e.altKey) return undefined;
  return BY_KEY[e.key.length === 1 ? e.key.toLowerCase() : e.key];
}

/** Whether an element takes typed text (inputs, text areas, selects, contenteditable such as the editor). */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes((el as HTMLInputElement).type);
  return (el as HTMLElement).isContentEditable === true;
}

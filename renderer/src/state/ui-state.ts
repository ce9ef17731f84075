// The UI's own state, shared across views and kept out of the engine: presenter layout, hidden header, the
// shortcuts overlay, the guided tour's step, and the last request tested (the topology draws its path).
import { useSyncExternalStore } from 'react';
import type { RouteDecision } from '../../../core/common/route/decision';

/** State the views share that the engine does not know about. */
export interface UiState {
  /** Large type and a layout that holds up to 200% zoom. */
  readonly presenter: boolean;
  /** The header is hidden (presenting the content only). */
  readonly chromeHidden: boolean;
  readonly shortcutsOpen: boolean;
  /** The guided tour's current step, or undefined when it is not running. */
  readonly tourStep?: number;
  /** The last request the route tester tried, with its decision. */
  readonly lastRoute?: { readonly label: string; readonly decision: RouteDecision };
}

const PRESENTER_KEY = 'xds-sandbox.presenter';

function initialState(): UiState {
  let presenter = false;
  try {
    presenter = globalThis.localStorage?.getItem(PRESENTER_KEY) === '1';
  } catch {
    // Storage may be unavailable (a sandboxed page); presenter mode then starts off.
  }
  return { presenter, chromeHidden: false, shortcutsOpen: false };
}

let state: UiState = initialState();
const listeners = new Set<() => void>();

/** The current UI state. */
export function getUi(): UiState {
  return state;
}

/** Changes part of the UI state and notifies subscribers. */
export function setUi(patch: Partial<UiState> | ((s: UiState) => Partial<UiState>)): void {
  const next = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
  if (next.presenter !== state.presenter) {
    try {
      globalThis.localStorage?.setItem(PRESENTER_KEY, next.presenter ? '1' : '0');
    } catch {
      // Not remembered where storage is unavailable.
    }
  }
  state = next;
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A slice of the UI state (select must return a field or a primitive); re-renders when it changes. */
export function useUi<T>(select: (s: UiState) => T): T {
  return useSyncExternalStore(subscribe, () => select(state));
}

// The current hash route as React state.
import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './routes';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The route of the current location hash; re-renders on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

/** Navigates to a hash (adds a history entry). */
export function navigate(hash: string): void {
  if (window.location.hash !== hash) window.location.hash = hash;
}

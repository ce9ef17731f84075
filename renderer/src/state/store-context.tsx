// React access to the engine client and the live store: context, a selector hook and a query hook.
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { EngineClient } from '../api/engine-client';
import { fileErrorsByFile, type FileError } from './file-errors';
import type { LiveState } from './live-state';
import type { LiveStore } from './live-store';

interface Shell {
  readonly client: EngineClient;
  readonly store: LiveStore;
}

const ShellContext = createContext<Shell | undefined>(undefined);

/** Provides the client and the live store to every view. */
export function ShellProvider(props: { client: EngineClient; store: LiveStore; children: ReactNode }): ReactNode {
  return <ShellContext.Provider value={{ client: props.client, store: props.store }}>{props.children}</ShellContext.Provider>;
}

function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('ShellProvider is missing');
  return shell;
}

/** The engine client, for calls a view makes itself. */
export function useEngine(): EngineClient {
  return useShell().client;
}

/** The live store, for its actions. */
export function useLiveStore(): LiveStore {
  return useShell().store;
}

/** A slice of the live state (select must return a field or a primitive, not a new object); re-renders when it changes. */
export function useLiveState<T>(select: (state: LiveState) => T): T {
  const { store } = useShell();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}

/** The state of one asynchronous load. */
export interface Query<T> {
  readonly data?: T;
  readonly error?: string;
  readonly loading: boolean;
}

/** Runs load on mount and whenever a dependency changes (callers list what load reads); keeps the previous data while reloading. */
export function useQuery<T>(load: (client: EngineClient) => Promise<T>, deps: readonly unknown[]): Query<T> {
  const client = useEngine();
  const [query, setQuery] = useState<Query<T>>({ loading: true });
  useEffect(() => {
    let current = true;
    setQuery((q) => ({ ...q, loading: true }));
    load(client).then(
      (data) => { if (current) setQuery({ data, loading: false }); },
      (err: unknown) => { if (current) setQuery((q) => ({ data: q.data, error: err instanceof Error ? err.message : String(err), loading: false })); },
    );
    return () => { current = false; };
  }, [client, ...deps]);
  return query;
}

/** The files that fail to load now, each with the pass whose version of it is served (see file-errors.ts). */
export function useFileErrors(): ReadonlyMap<string, FileError> {
  const problems = useLiveState((s) => s.problems);
  const passes = useLiveState((s) => s.passes);
  return useMemo(() => fileErrorsByFile(problems, passes), [problems, passes]);
}

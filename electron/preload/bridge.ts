// What the preload exposes to the page as `window.xdsSandbox`: exactly one function per EngineApi method
// (each invoking that method's own channel), `onEvent` and `onCommand` (menu commands). Nothing else from Electron or Node reaches the page.
import { ENGINE_METHODS, type EngineApi, type EngineEvent } from '../../core/common/api/contract';
import { isShellCommand, type ShellCommand } from '../../core/common/api/shell-commands';
import { COMMAND_CHANNEL, ENGINE_CHANNELS, EVENT_CHANNEL } from '../shared/ipc-contract';

/** The object the page sees. */
export interface PreloadBridge extends EngineApi {
  /** Calls listener with every engine event until the returned function is called. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Calls listener with every menu command until the returned function is called. */
  onCommand(listener: (command: ShellCommand) => void): () => void;
}

/** The part of ipcRenderer the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The part of contextBridge the preload uses. */
export interface MainWorldExposer {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

/** The key of the bridge on `window`. */
export const BRIDGE_KEY = 'xdsSandbox';

/** Builds the bridge over ipcRenderer; the IPC event object itself is never passed to the page. */
export function createBridge(ipc: RendererIpc): PreloadBridge {
  const methods = Object.fromEntries(ENGINE_METHODS.map((method) => {
    const channel = ENGINE_CHANNELS[method];
    return [method, (...args: unknown[]) => ipc.invoke(channel, ...args)];
  })) as unknown as EngineApi;
  return Object.freeze({
    ...methods,
    onEvent(listener: (event: EngineEvent) => void) {
      const relay = (_event: unknown, payload: unknown) => listener(payload as EngineEvent);
      ipc.on(EVENT_CHANNEL, relay);
      return () => { ipc.removeListener(EVENT_CHANNEL, relay); };
    },
    onCommand(listener: (command: ShellCommand) => void) {
      const relay = (_event: unknown, payload: unknown) => { if (isShellCommand(payload)) listener(payload); };
      ipc.on(COMMAND_CHANNEL, relay);
      return () => { ipc.removeListener(COMMAND_CHANNEL, relay); };
    },
  });
}

/** Exposes the bridge as `window.xdsSandbox`. */
export function exposeBridge(contextBridge: MainWorldExposer, ipc: RendererIpc): void {
  contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipc));
}

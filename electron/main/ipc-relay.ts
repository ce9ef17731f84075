// Main-process side of the IPC contract: one handler per EngineApi method, answered only for the app's
// own frame, relayed to the engine of the window that asked (each window shows one store and has its own
// engine) over its HTTP API; engine events are pushed to that window.
import { ENGINE_METHODS, type EngineEvent } from '../../core/common/api/contract';
import { ENGINE_CHANNELS, EVENT_CHANNEL, type EngineMethod } from '../shared/ipc-contract';
import { isTrustedSender, type SenderFrame } from '../shared/security';

/** The part of ipcMain the relay uses. */
export interface MainIpc {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null; sender: { readonly id: number } }, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Calls an EngineApi method on the engine. */
export type EngineCall = (method: EngineMethod, args: unknown[]) => Promise<unknown>;

/** The error a foreign frame gets. */
export const UNTRUSTED_SENDER = 'refused: IPC is answered for the xds-sandbox window only';

/** Registers one handler per method; `engineOf` gives the engine of the window (webContents id) that asked. Returns a function that removes them all. */
export function registerEngineHandlers(ipc: MainIpc, engineOf: (webContentsId: number) => EngineCall | undefined): () => void {
  for (const method of ENGINE_METHODS) {
    ipc.handle(ENGINE_CHANNELS[method], async (event, ...args) => {
      if (!isTrustedSender(event.senderFrame)) throw new Error(UNTRUSTED_SENDER);
      const engine = engineOf(event.sender.id);
      if (!engine) throw new Error('the engine is not running');
      return engine(method, args);
    });
  }
  return () => { for (const method of ENGINE_METHODS) ipc.removeHandler(ENGINE_CHANNELS[method]); };
}

/** Something events can be sent to (a window's webContents). */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, event: EngineEvent): void;
}

/** Forwards an engine event to a window unless it is gone. */
export function pushEvent(target: EventTarget | undefined, event: EngineEvent): void {
  if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, event);
}

// The IPC channel map between the Electron main process and the preload, derived from ENGINE_METHODS:
// one invoke channel per EngineApi method and one event channel. No generic "call anything" channel exists.
import { ENGINE_METHODS, type EngineApi } from '../../core/common/api/contract';

/** An EngineApi method name. */
export type EngineMethod = (typeof ENGINE_METHODS)[number];

/** The invoke channel of each EngineApi method. */
export type EngineChannels = { readonly [M in EngineMethod]: `engine:${M}` };

/** Channel of one method: `engine:<method>`. */
export function channelOf<M extends EngineMethod>(method: M): `engine:${M}` {
  return `engine:${method}`;
}

/** Every method's channel, exactly one per ENGINE_METHODS entry. */
export const ENGINE_CHANNELS: EngineChannels = Object.freeze(
  Object.fromEntries(ENGINE_METHODS.map((m) => [m, channelOf(m)])) as EngineChannels,
);

/** The channel main uses to push EngineEvents to the window. */
export const EVENT_CHANNEL = 'engine:event';

/** The channel main uses to send menu commands (ShellCommand) to the window. */
export const COMMAND_CHANNEL = 'shell:command';

/** Arguments and result of a method, as the preload forwards them. */
export type MethodArgs<M extends EngineMethod> = Parameters<EngineApi[M]>;

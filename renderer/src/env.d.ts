// Ambient declarations of the renderer: the build-time validator module and the Electron preload bridge.
declare module 'virtual:xds-sandbox/validators' {
  import type { ValidateFunction } from 'ajv';
  /** Schema ref (the kind name) → validate function compiled at build time. */
  export const validatorsByRef: Readonly<Record<string, ValidateFunction>>;
}

// Stands in for the `ajv` package in the renderer bundle (see renderer/vite.config.ts): the strict CSP
// forbids eval, so validators are compiled at build time and looked up here.
import { validatorsByRef } from 'virtual:xds-sandbox/validators';
import { createPrecompiledAjvClass } from './precompiled-ajv-class';

/** Ajv's class as validate.ts uses it, backed by the build-time validators. */
export const Ajv = createPrecompiledAjvClass(validatorsByRef);

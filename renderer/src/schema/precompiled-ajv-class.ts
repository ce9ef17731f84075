// An `Ajv` look-alike over validate functions compiled at build time: enough of Ajv's API for
// core/common/model/validate.ts (addKeyword, addSchema, getSchema), with no code generation at run time.
import type { ValidateFunction } from 'ajv';

/** The part of Ajv that validate.ts uses. */
export interface AjvLike {
  addKeyword(definition: unknown): AjvLike;
  addSchema(schema: unknown, key?: string): AjvLike;
  getSchema(ref: string): ValidateFunction | undefined;
}

/** A class standing in for Ajv whose getSchema answers from `validators` (schema ref → compiled function). */
export function createPrecompiledAjvClass(validators: Readonly<Record<string, ValidateFunction>>): new (options?: unknown) => AjvLike {
  return class PrecompiledAjv implements AjvLike {
    constructor(_options?: unknown) {}
    addKeyword(): AjvLike { return this; }
    addSchema(): AjvLike { return this; }
    getSchema(ref: string): ValidateFunction | undefined {
      const fn = validators[ref];
      if (!fn) throw new Error(`no precompiled validator for "${ref}"; the renderer validates manifests only`);
      return fn;
    }
  };
}

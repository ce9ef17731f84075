// Validates objects against the JSON Schemas generated from protos/, with a JSON pointer for each problem.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validatorsByRef } from '../gen/validators';
import { unknownFieldMessage } from './did-you-mean';
import type { KindInfo } from './kinds';
import { childSchema, schemaAtPath, type SchemaNode } from './schema-walk';

/** One validation problem: a JSON pointer into the object and a message. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** The validate function of a kind's manifest or Solo Kit form, compiled from its schema by `npm run generate`. */
function validator(k: KindInfo, form: 'manifest' | 'object'): ValidateFunction {
  return validatorsByRef[form === 'manifest' ? k.kind : `${k.kind}#/definitions/${k.typeName}`];
}

/** Problems of a Kubernetes-style manifest (`apiVersion`/`kind`/`metadata`/`spec`) of kind k; empty when valid. */
export function validateManifest(k: KindInfo, value: unknown): ValidationIssue[] {
  const fn = validator(k, 'manifest');
  return fn(value) ? [] : toIssues(fn.errors ?? [], k.jsonSchema as SchemaNode, []);
}

/** Problems of an object in Solo Kit's flat form (metadata and spec fields at the top level); empty when valid. */
export function validateFlatObject(k: KindInfo, value: unknown): ValidationIssue[] {
  const fn = validator(k, 'object');
  return fn(value) ? [] : toIssues(fn.errors ?? [], k.jsonSchema as SchemaNode, ['spec']);
}

/** Issues of Ajv's errors; `root` and `prefix` locate an error's parent schema, to suggest the field a typo meant. */
function toIssues(errors: ErrorObject[], root: SchemaNode, prefix: readonly string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let path = e.instancePath || '';
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      const field = (e.params as { additionalProperty: string }).additionalProperty;
      const parent = schemaAtPath(root, [...prefix, ...pointerSegments(path)]);
      path = `${path}/${field}`;
      message = unknownFieldMessage(field, Object.keys(parent?.properties ?? {}), childFields(root, parent));
    } else if (e.keyword === 'const') {
      message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    } else if (e.keyword === 'enum') {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).filter((v) => typeof v === 'string');
      message = `must be one of ${allowed.join(', ')}`;
    }
    const text = `${path || '/'}: ${message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    issues.push({ path, message: `${path ? path.slice(1).replace(/\//g, '.') + ': ' : ''}${message}` });
  }
  return issues;
}

function pointerSegments(pointer: string): string[] {
  return pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Each field of a message schema whose value is a message (or a list of them), with that message's field names. */
function childFields(root: SchemaNode, parent: SchemaNode | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const field of Object.keys(parent?.properties ?? {})) {
    const child = childSchema(root, parent, field);
    const item = child?.items ? childSchema(root, child, '[]') : undefined;
    const names = Object.keys((item ?? child)?.properties ?? {});
    if (names.length) out.set(item ? `${field}[]` : field, names);
  }
  return out;
}

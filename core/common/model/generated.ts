// Marking objects the sandbox generates itself (Proxies from the gateway stage).

/** Label carried by every generated object. */
export const GENERATED_LABEL = 'xds-sandbox.io/generated';

/** Whether an object was written by the sandbox rather than by the user. */
export function isGeneratedObject(r: { metadata: { labels?: Readonly<Record<string, string>> } }): boolean {
  return r.metadata.labels?.[GENERATED_LABEL] === 'true';
}

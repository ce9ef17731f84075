import { describe, expect, it } from 'vitest';
import { SOURCE_METADATA_KEY, sourceFilterMetadata } from './resource-sources';

describe('sourceFilterMetadata', () => {
  it('puts the source under SOURCE_METADATA_KEY and nothing else', () => {
    const source = { kind: 'VirtualService', namespace: 'ns', name: 'vs', routeIndex: 0 };
    expect(sourceFilterMetadata(source)).toEqual({ [SOURCE_METADATA_KEY]: source });
  });
});

import { describe, expect, it } from 'vitest';
import { MESSAGE_SCHEMA_BY_KIND } from '../../gen/message-schemas';
import { notTranslatedReason } from './not-translated/reasons';
import { isUpstreamFieldTranslated, upstreamPluginIssues } from './run-upstream-plugins';
import { re2FallbackValidator } from '../regex';

const GENERIC = notTranslatedReason('no such field');

describe('Upstream fields', () => {
  it('are each translated, or say precisely why not', () => {
    const fields = MESSAGE_SCHEMA_BY_KIND.Upstream.fields.map((f) => f.jsonName);
    expect(fields.length).toBeGreaterThan(30);
    expect(fields.filter((f) => !isUpstreamFieldTranslated(f) && notTranslatedReason(f) === GENERIC)).toEqual([]);
  });

  it('warn, and do not reject, when not translated', () => {
    expect(upstreamPluginIssues({ static: { hosts: [{ addr: '10.0.0.1', port: 80 }] }, failover: {} }, re2FallbackValidator)).toEqual([
      { severity: 'warning', message: 'failover is not translated: failover to other clusters is a Gloo Enterprise feature; the upstream is served without it' },
    ]);
  });
});

// Passive health checking (outlier ejection), after Gloo's createOutlierDetectionConfig
// (projects/gloo/pkg/translator/clusters.go) and ToEnvoyOutlierDetection
// (pkg/utils/api_conversion/health_check.go): Gloo's fields are Envoy's, copied as they are; the
// interval is required. The bounds are Envoy's validation rules.
import type { OutlierDetectionJson as GlooOutlierDetection } from '../../../gen/gloo/api/external/envoy/api/v2/cluster/outlier_detection_pb';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import type { Plugin } from '../plugin';

const PERCENTS = [
  'maxEjectionPercent', 'enforcingConsecutive5xx', 'enforcingSuccessRate', 'enforcingConsecutiveGatewayFailure', 'enforcingConsecutiveLocalOriginFailure', 'enforcingLocalOriginSuccessRate',
] as const satisfies readonly (keyof GlooOutlierDetection)[];

function checkOutlierDetection(o: GlooOutlierDetection): Issue[] {
  const errors: string[] = [];
  // createOutlierDetectionConfig: "The field OutlierDetection.HealthChecker.Interval cannot be nil".
  if (!o.interval) errors.push('outlierDetection.interval is required');
  for (const f of ['interval', 'baseEjectionTime'] as const) {
    const v = o[f];
    const bad = durationProblem(`outlierDetection.${f}`, v);
    if (bad) errors.push(bad);
    else if (v !== undefined && Number(v.slice(0, -1)) === 0) errors.push(`outlierDetection.${f} must be above 0s`);
  }
  for (const f of PERCENTS) {
    const v = o[f];
    if (v !== undefined && v > 100) errors.push(`outlierDetection.${f} ${v} is a percentage and cannot be above 100`);
  }
  return errors.map((message) => ({ severity: 'error', message }));
}

/** The outlier detection plugin. */
export const outlierDetectionPlugin: Plugin = {
  name: 'outlier-detection',
  upstreamFields: ['outlierDetection'],
  checkUpstream: (spec) => (spec.outlierDetection ? checkOutlierDetection(spec.outlierDetection) : []),
  cluster(spec, out) {
    if (spec.outlierDetection) out.outlierDetection = { ...spec.outlierDetection };
  },
};

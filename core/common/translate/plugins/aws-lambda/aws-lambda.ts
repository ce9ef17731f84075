// AWS Lambda upstreams, after Gloo's aws plugin (projects/gloo/pkg/plugins/aws/plugin.go:
// ProcessUpstream, ProcessRoute, HttpFilters, GenerateAWSLambdaRouteConfig), served with open-source
// Envoy's aws_lambda filter instead of Gloo's own. The cluster resolves `lambda.<region>.amazonaws.com`
// (LOGICAL_DNS, IPv4 only) and speaks TLS to it on 443 with that host as SNI, as Gloo's does; it also
// carries the `com.amazonaws.lambda` metadata without which Envoy's filter leaves a request alone. A
// route naming a function (destinationSpec.aws) gets the filter's PerRouteConfig with the function's
// ARN, as does each weighted destination naming one; the filter itself is off by default, so only such routes invoke a function. Envoy signs with
// the credentials of its own environment (its credential chain), not with the Upstream's Secret or
// role: those are Warnings naming the field, as are the payload conversions Envoy does differently.
import type { ConfigJson as LambdaConfigJson, PerRouteConfigJson } from '../../../gen/envoy/envoy/extensions/filters/http/aws_lambda/v3/aws_lambda_pb';
import type { DestinationJson } from '../../../gen/gloo/api/v1/proxy_pb';
import type { UpstreamSpecJson as AwsUpstreamJson } from '../../../gen/gloo/api/v1/options/aws/aws_pb';
import type { Resource } from '../../../model/resource';
import type { PolicyView } from '../../gloo/policy-view';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { Issue } from '../../served';
import { setPerFilterConfig } from '../per-filter-config';
import { FilterStage, type Plugin } from '../plugin';
import { useTlsHost } from '../upstream-tls/tls-host-cluster';
import { accountOf, functionArn, invokeConfig, lambdaFunctionOf, mergedDestination, unwrapsResponse } from './lambda-functions';

/** Name of Envoy's AWS Lambda HTTP filter. */
export const AWS_LAMBDA_FILTER = 'envoy.filters.http.aws_lambda';
/** Cluster metadata Envoy's filter requires on a Lambda cluster (source/extensions/filters/http/aws_lambda, isTargetClusterLambdaGateway). */
export const LAMBDA_METADATA = { 'com.amazonaws.lambda': { egress_gateway: true } } as const;
const CONFIG_TYPE = typeUrl<LambdaConfigJson>('envoy.extensions.filters.http.aws_lambda.v3.Config');
const PER_ROUTE_TYPE = typeUrl<PerRouteConfigJson>('envoy.extensions.filters.http.aws_lambda.v3.PerRouteConfig');
const FIELD = 'destinationSpec.aws';
const NO_ACCOUNT = "open-source Envoy's aws_lambda filter invokes a function by its full ARN, which needs the account: set awsAccountId (or a roleArn in the function's account)";

/** The regional Lambda endpoint (getLambdaHostname). */
export function lambdaHostname(aws: AwsUpstreamJson): string {
  return `lambda.${aws.region ?? ''}.amazonaws.com`;
}

function warning(message: string): Issue {
  return { severity: 'warning', message };
}

function upstreamIssues(aws: AwsUpstreamJson): Issue[] {
  const issues: Issue[] = [];
  if (!aws.region) issues.push(warning(`aws.region is empty: the cluster's host ${lambdaHostname(aws)} does not resolve`));
  if (aws.secretRef?.name) issues.push(warning("aws.secretRef: open-source Envoy's aws_lambda filter signs with the credentials of Envoy's environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the credentials file, or the container, instance or EKS service account role), not with this Secret's keys"));
  if (aws.roleArn) issues.push(warning(`aws.roleArn: open-source Envoy's aws_lambda filter assumes no role per Upstream; it signs as the identity of Envoy's environment (for an EKS service account, the role in AWS_ROLE_ARN), not as ${aws.roleArn}${aws.disableRoleChaining ? '' : ' (nor chains into it)'}`));
  if (aws.lambdaFunctions?.length && !accountOf(aws)) issues.push(warning(`aws.lambdaFunctions: ${NO_ACCOUNT}; routes to these functions reach Lambda's endpoint without invoking one`));
  return issues;
}

/** Problems of a route's aws destination, as GenerateAWSLambdaRouteConfig and ProcessRoute judge it, and what Envoy's filter does differently. */
function destinationIssues(dest: DestinationJson, upstream: Resource<'Upstream'> | undefined, policy: PolicyView | undefined): Issue[] {
  const spec = dest.destinationSpec?.aws;
  if (!spec || !upstream) return [];
  const aws = upstream.spec.aws;
  const name = `Upstream ${upstream.metadata.namespace}/${upstream.metadata.name}`;
  if (!aws) return [{ severity: 'error', message: `${FIELD}: ${name} is not an AWS upstream` }];
  const d = mergedDestination(spec, aws.destinationOverrides);
  // Gloo's function discovery lists the functions it finds in AWS, which the sandbox cannot reach: none listed is not yet wrong.
  if (!aws.lambdaFunctions?.length) return [warning(`${FIELD}.logicalName: ${name} lists no lambdaFunctions (Gloo's function discovery fills them in from AWS; Gloo rejects the route until "${d.logicalName ?? ''}" is listed); the request reaches Lambda's endpoint without invoking a function`)];
  const f = lambdaFunctionOf(aws, d.logicalName ?? '', fallsBackToFirstFunction(policy));
  if ('problem' in f) return [{ severity: 'error', message: `${FIELD}.logicalName: ${f.problem} (${name})` }];
  const issues: Issue[] = [];
  if (d.unwrapAsAlb && (d.unwrapAsApiGateway || d.responseTransformation)) issues.push({ severity: 'error', message: `${FIELD}: only one of unwrapAsAlb and unwrapAsApiGateway/responseTransformation may be set` });
  if (!functionArn(aws, f)) issues.push(warning(`${FIELD}: ${NO_ACCOUNT}; the request reaches Lambda's endpoint without invoking the function`));
  if (d.requestTransformation && !unwrapsResponse(d)) issues.push(warning(`${FIELD}.requestTransformation is not translated: open-source Envoy's aws_lambda filter wraps the request in JSON only together with unwrapping a JSON response (payload_passthrough false); without unwrapAsApiGateway or unwrapAsAlb the body goes to the function as it came`));
  if (unwrapsResponse(d) && !d.requestTransformation) issues.push(warning(`${FIELD}: unwrapping the response is not translated: open-source Envoy's aws_lambda filter unwraps a JSON response only together with wrapping the request in JSON (requestTransformation); the function's answer is returned as the body`));
  if (d.requestTransformation && unwrapsResponse(d)) issues.push(warning(`${FIELD}.requestTransformation: open-source Envoy wraps the request in its own JSON form (raw_path, method, headers, query_string_parameters, body, is_base64_encoded), not Gloo's; the response is unwrapped from statusCode, headers and body`));
  if (d.wrapAsApiGateway) issues.push(warning(`${FIELD}.wrapAsApiGateway is not translated: it is a Gloo Enterprise feature`));
  return issues;
}

/** Whether Settings gloo.awsOptions.fallbackToFirstFunction is on: a route naming an unknown function invokes the Upstream's first. */
function fallsBackToFirstFunction(policy: PolicyView | undefined): boolean {
  return policy?.settings?.gloo?.awsOptions?.fallbackToFirstFunction === true;
}

/**
 * The PerRouteConfig of a route to a Lambda function, or undefined when it names none Envoy can invoke. With
 * fallbackToFirstFunction, a destination without a destinationSpec invokes the Upstream's first function (ProcessRoute).
 */
export function lambdaRouteConfig(dest: DestinationJson, upstream: Resource<'Upstream'> | undefined, policy?: PolicyView): PerRouteConfigJson | undefined {
  const fallback = fallsBackToFirstFunction(policy);
  const spec = dest.destinationSpec ? dest.destinationSpec.aws : fallback ? {} : undefined;
  const aws = upstream?.spec.aws;
  if (!spec || !aws) return undefined;
  // The Upstream's destinationOverrides fill what the route leaves unset, its logicalName included (mergo.Merge in GenerateAWSLambdaRouteConfig).
  const d = mergedDestination(spec, aws.destinationOverrides);
  const f = lambdaFunctionOf(aws, d.logicalName ?? '', fallback);
  const arn = 'problem' in f ? undefined : functionArn(aws, f);
  return arn ? { invokeConfig: invokeConfig(arn, d, lambdaHostname(aws)) } : undefined;
}

/** The AWS Lambda plugin. */
export const awsLambdaPlugin: Plugin = {
  name: 'aws-lambda',
  upstreamFields: ['aws'],
  checkUpstream: (spec) => (spec.aws ? upstreamIssues(spec.aws) : []),
  // Gloo reads the keys from this Secret (deriveStaticSecret): it must exist and be an AWS Secret, though Envoy does not sign with it.
  upstreamSecretRefs: (spec) => (spec.aws?.secretRef?.name ? [{ field: 'aws.secretRef', ref: spec.aws.secretRef, kind: 'aws' }] : []),
  cluster(spec, out, ctx) {
    if (!spec.aws) return;
    useTlsHost(out, lambdaHostname(spec.aws), ctx);
    out.metadata = { ...out.metadata, filterMetadata: { ...out.metadata?.filterMetadata, ...LAMBDA_METADATA } };
  },
  checkDestination: (dest, upstream, ctx) => destinationIssues(dest, upstream, ctx.policy),
  destination(dest, upstream, out, ctx) {
    const config = lambdaRouteConfig(dest, upstream, ctx.view.policy);
    if (!config) return;
    setPerFilterConfig(out, AWS_LAMBDA_FILTER, packAny(PER_ROUTE_TYPE, config));
    ctx.useFilter(config.invokeConfig?.arn ?? '');
  },
  // Gloo marks the per-filter config of each weighted destination that names a function (pluginutils.MarkPerFilterConfig).
  weightedDestinations(targets, out, ctx) {
    const clusters = out.route?.weightedClusters?.clusters;
    targets.forEach((t, i) => {
      const config = t.dest.destination ? lambdaRouteConfig(t.dest.destination, t.upstream, ctx.view.policy) : undefined;
      if (!config || !clusters?.[i]) return;
      setPerFilterConfig(clusters[i], AWS_LAMBDA_FILTER, packAny(PER_ROUTE_TYPE, config));
      ctx.useFilter(config.invokeConfig?.arn ?? '');
    });
  },
  // Off by default: a route turns it on with its own PerRouteConfig. Envoy requires an ARN here all the same; the first a route uses stands in.
  httpFilters(parts) {
    const arns = parts.filter((p): p is string => typeof p === 'string' && p !== '').sort();
    if (!arns.length) return [];
    return [{ stage: FilterStage.OutAuth, filter: { name: AWS_LAMBDA_FILTER, disabled: true, typedConfig: packAny(CONFIG_TYPE, { arn: arns[0], payloadPassthrough: true }) } }];
  },
};

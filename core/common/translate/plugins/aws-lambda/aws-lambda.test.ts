import { describe, expect, it } from 'vitest';
import type { UpstreamSpecJson as AwsUpstreamJson } from '../../../gen/gloo/api/v1/options/aws/aws_pb';
import { re2FallbackValidator } from '../../regex';
import { upstreamPluginIssues } from '../run-upstream-plugins';
import { obj } from '../../testing/objects';
import { translateRoutes } from '../../testing/routes';
import { snapshot } from '../../testing/objects';
import { createPipeline } from '../../pipeline';
import type { RouteConfigurationJson } from '../../../gen/envoy/envoy/config/route/v3/route_pb';
import { AWS_LAMBDA_FILTER, lambdaHostname, lambdaRouteConfig } from './aws-lambda';
import { functionArn, invokeConfig, mergedDestination } from './lambda-functions';

const AWS: AwsUpstreamJson = { region: 'us-east-1', awsAccountId: '123456789012', lambdaFunctions: [{ logicalName: 'up', lambdaFunctionName: 'uppercase' }, { logicalName: 'v2', lambdaFunctionName: 'report', qualifier: 'live' }] };

function lambda(aws: AwsUpstreamJson = AWS) {
  return obj('Upstream', 'lambda', { aws }, 'gloo-system');
}

function routeTo(logicalName: string, extra: Record<string, unknown> = {}) {
  return obj('VirtualService', 'v', { virtualHost: { domains: ['*'], routes: [{ matchers: [{ prefix: '/' }], routeAction: { single: { upstream: { name: 'lambda', namespace: 'gloo-system' }, destinationSpec: { aws: { logicalName, ...extra } } } } }] } }, 'gloo-system');
}

describe('AWS Lambda upstreams', () => {
  it("names the regional Lambda endpoint as Gloo does", () => {
    expect(lambdaHostname({ region: 'eu-west-1' })).toBe('lambda.eu-west-1.amazonaws.com');
  });

  it('builds a function ARN from the account, region, name and qualifier; the account may come from roleArn; a name that is an ARN is kept', () => {
    expect(functionArn(AWS, AWS.lambdaFunctions![1])).toBe('arn:aws:lambda:us-east-1:123456789012:function:report:live');
    expect(functionArn({ region: 'eu-west-1', roleArn: 'arn:aws:iam::210987654321:role/r' }, { lambdaFunctionName: 'echo' })).toBe('arn:aws:lambda:eu-west-1:210987654321:function:echo');
    expect(functionArn({ region: 'eu-west-1' }, { lambdaFunctionName: 'arn:aws:lambda:eu-west-1:1:function:x' })).toBe('arn:aws:lambda:eu-west-1:1:function:x');
    expect(functionArn({ region: 'eu-west-1' }, { lambdaFunctionName: 'echo' })).toBeUndefined();
  });

  it("fills a route's unset fields from destinationOverrides, its own set fields winning", () => {
    expect(mergedDestination({ logicalName: 'a', unwrapAsAlb: true }, { invocationStyle: 'ASYNC', unwrapAsAlb: false, logicalName: 'b' })).toEqual({ logicalName: 'a', unwrapAsAlb: true, invocationStyle: 'ASYNC' });
  });

  it('passes payloads through unless the request is wrapped and the response unwrapped, and invokes asynchronously for ASYNC', () => {
    expect(invokeConfig('arn', {}, 'h')).toEqual({ arn: 'arn', payloadPassthrough: true, hostRewrite: 'h' });
    expect(invokeConfig('arn', { requestTransformation: true, unwrapAsApiGateway: true, invocationStyle: 'ASYNC' }, 'h')).toEqual({ arn: 'arn', payloadPassthrough: false, hostRewrite: 'h', invocationMode: 'ASYNCHRONOUS' });
  });

  it('warns about the Secret and role Envoy does not sign with, and about functions it cannot name without an account', () => {
    const messages = upstreamPluginIssues({ aws: { region: 'us-east-1', secretRef: { name: 's' }, roleArn: 'arn:aws:iam::x:role/r', lambdaFunctions: [{ logicalName: 'a', lambdaFunctionName: 'a' }] } }, re2FallbackValidator).map((i) => `${i.severity} ${i.message.split(':')[0]}`);
    expect(messages).toEqual(['warning aws.secretRef', 'warning aws.roleArn', 'warning aws.lambdaFunctions']);
    expect(upstreamPluginIssues({ aws: AWS }, re2FallbackValidator)).toEqual([]);
  });

  it("gives a route to a function the filter's per-route config, and the listener the filter, off by default", () => {
    const out = translateRoutes([lambda(), routeTo('v2')]);
    const [route] = [...out.routes.values()];
    expect(route.typedPerFilterConfig?.[AWS_LAMBDA_FILTER]).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.filters.http.aws_lambda.v3.PerRouteConfig',
      invokeConfig: { arn: 'arn:aws:lambda:us-east-1:123456789012:function:report:live', payloadPassthrough: true, hostRewrite: 'lambda.us-east-1.amazonaws.com' },
    });
    expect(out.httpFilters.map((f) => [f.name, f.disabled ?? false])).toEqual([[AWS_LAMBDA_FILTER, true], ['envoy.filters.http.router', false]]);
    const cluster = out.xds?.resources.cluster.items.get('lambda_gloo-system')?.json as { metadata?: unknown; type?: string };
    expect(cluster.type).toBe('LOGICAL_DNS');
    expect(cluster.metadata).toEqual({ filterMetadata: { 'com.amazonaws.lambda': { egress_gateway: true } } });
  });

  it("sends the invocation to the regional endpoint's Host, as Gloo's filter sets it before signing, not the client's", () => {
    const config = lambdaRouteConfig({ destinationSpec: { aws: { logicalName: 'up' } } }, lambda({ ...AWS, region: 'eu-west-1' }));
    expect(config?.invokeConfig?.hostRewrite).toBe('lambda.eu-west-1.amazonaws.com');
  });

  it("takes the function's logical name from destinationOverrides when the route names none, as Gloo's merge does", () => {
    const up = lambda({ ...AWS, destinationOverrides: { logicalName: 'v2' } });
    expect(lambdaRouteConfig({ destinationSpec: { aws: {} } }, up)?.invokeConfig?.arn).toBe('arn:aws:lambda:us-east-1:123456789012:function:report:live');
    expect(lambdaRouteConfig({ destinationSpec: { aws: { logicalName: 'up' } } }, up)?.invokeConfig?.arn).toBe('arn:aws:lambda:us-east-1:123456789012:function:uppercase');
    const out = translateRoutes([up, routeTo('')]);
    expect(out.statusOf(routeTo(''))?.state).toBe('Accepted');
    expect(out.statusOf(up)?.state).toBe('Accepted');
  });

  it("invokes the Upstream's first function for an unknown name, or a destination without a destinationSpec, when Settings gloo.awsOptions.fallbackToFirstFunction is on, and re-translates when it changes", () => {
    const settings = (on: boolean) => obj('Settings', 'default', { gloo: { awsOptions: { fallbackToFirstFunction: on } } }, 'gloo-system');
    const on = translateRoutes([settings(true), lambda(), routeTo('nope')]);
    expect(on.statusOf(routeTo('nope'))?.state).toBe('Accepted');
    expect([...on.routes.values()][0]?.typedPerFilterConfig?.[AWS_LAMBDA_FILTER]).toMatchObject({ invokeConfig: { arn: 'arn:aws:lambda:us-east-1:123456789012:function:uppercase' } });
    expect(translateRoutes([settings(false), lambda(), routeTo('nope')]).statusOf(routeTo('nope'))?.reason).toMatch(/unknown lambda function "nope"/);
    const plain = obj('VirtualService', 'v', { virtualHost: { domains: ['*'], routes: [{ matchers: [{ prefix: '/' }], routeAction: { single: { upstream: { name: 'lambda', namespace: 'gloo-system' } } } }] } }, 'gloo-system');
    const arnOfPlain = (s: boolean) => ([...translateRoutes([settings(s), lambda(), plain]).routes.values()][0]?.typedPerFilterConfig?.[AWS_LAMBDA_FILTER] as { invokeConfig?: { arn?: string } } | undefined)?.invokeConfig?.arn;
    expect(arnOfPlain(true)).toBe('arn:aws:lambda:us-east-1:123456789012:function:uppercase');
    expect(arnOfPlain(false)).toBeUndefined();
    const pipeline = createPipeline({ now: () => new Date(0) });
    const stateOf = (objects: Parameters<typeof snapshot>[0]) => pipeline.run(snapshot(objects)).statuses.get('VirtualService.gloo-system.v')?.state;
    expect(stateOf([settings(false), lambda(), routeTo('nope')])).toBe('Rejected');
    expect(stateOf([settings(true), lambda(), routeTo('nope')])).toBe('Accepted');
    expect(stateOf([settings(false), lambda(), routeTo('nope')])).toBe('Rejected');
  });

  it('rejects an unknown function with the closest name, and a function on an Upstream that is not an AWS one', () => {
    expect(translateRoutes([lambda(), routeTo('upp')]).statusOf(routeTo('upp'))?.reason).toMatch(/unknown lambda function "upp"; did you mean "up"\?/);
    const other = obj('Upstream', 'lambda', { static: { hosts: [{ addr: '10.0.0.1', port: 80 }] } }, 'gloo-system');
    expect(translateRoutes([other, routeTo('up')]).statusOf(routeTo('up'))?.reason).toMatch(/Upstream gloo-system\/lambda is not an AWS upstream/);
  });

  it('warns where Envoy converts payloads differently, and serves a route to an Upstream listing no functions without invoking one', () => {
    const reason = (extra: Record<string, unknown>) => translateRoutes([lambda(), routeTo('up', extra)]).statusOf(routeTo('up', extra))?.reason ?? '';
    expect(reason({ requestTransformation: true })).toMatch(/requestTransformation is not translated/);
    expect(reason({ unwrapAsApiGateway: true })).toMatch(/unwrapping the response is not translated/);
    expect(reason({ unwrapAsAlb: true, unwrapAsApiGateway: true })).toMatch(/only one of unwrapAsAlb and unwrapAsApiGateway/);
    const none = translateRoutes([lambda({ region: 'us-east-1' }), routeTo('up')]);
    expect(none.statusOf(routeTo('up'))?.state).toBe('Warning');
    expect(lambdaRouteConfig({ destinationSpec: { aws: { logicalName: 'up' } } }, lambda({ region: 'us-east-1' }))).toBeUndefined();
  });

  it("translates a route to a function again when its Upstream's functions change, on a pipeline that keeps what it translated", () => {
    const pipeline = createPipeline({ now: () => new Date(0) });
    const arnOf = (objects: Parameters<typeof snapshot>[0]) => {
      const rc = pipeline.run(snapshot(objects)).xds.get('gloo-system~gateway-proxy')?.resources.route.items.get('listener-::-8080-routes')?.json as RouteConfigurationJson | undefined;
      return (rc?.virtualHosts?.[0]?.routes?.[0]?.typedPerFilterConfig?.[AWS_LAMBDA_FILTER] as { invokeConfig?: { arn?: string } } | undefined)?.invokeConfig?.arn;
    };
    expect(arnOf([lambda(), routeTo('v2')])).toBe('arn:aws:lambda:us-east-1:123456789012:function:report:live');
    expect(arnOf([lambda({ ...AWS, lambdaFunctions: [{ logicalName: 'v2', lambdaFunctionName: 'report', qualifier: 'next' }] }), routeTo('v2')])).toBe('arn:aws:lambda:us-east-1:123456789012:function:report:next');
  });

  it('gives each weighted destination naming a function its own per-route config', () => {
    const dest = (logicalName: string, weight: number) => ({ weight, destination: { upstream: { name: 'lambda', namespace: 'gloo-system' }, destinationSpec: { aws: { logicalName } } } });
    const vs = obj('VirtualService', 'v', { virtualHost: { domains: ['*'], routes: [{ matchers: [{ prefix: '/' }], routeAction: { multi: { destinations: [dest('up', 9), dest('v2', 1)] } } }] } }, 'gloo-system');
    const [route] = [...translateRoutes([lambda(), vs]).routes.values()];
    const arns = route.route?.weightedClusters?.clusters?.map((c) => (c.typedPerFilterConfig?.[AWS_LAMBDA_FILTER] as { invokeConfig?: { arn?: string } } | undefined)?.invokeConfig?.arn);
    expect(arns).toEqual(['arn:aws:lambda:us-east-1:123456789012:function:uppercase', 'arn:aws:lambda:us-east-1:123456789012:function:report:live']);
  });

  it('requires secretRef to name an AWS Secret, as Gloo reads its keys', () => {
    const up = lambda({ ...AWS, secretRef: { name: 'creds', namespace: 'gloo-system' } });
    expect(translateRoutes([up]).statusOf(up)?.reason).toMatch(/^aws\.secretRef: Secret gloo-system\/creds not found/);
    const header = obj('Secret', 'creds', { header: { headers: { 'x-a': 'b' } } }, 'gloo-system');
    expect(translateRoutes([up, header]).statusOf(up)?.reason).toMatch(/^aws\.secretRef: Secret gloo-system\/creds is not an AWS secret/);
    const aws = obj('Secret', 'creds', { aws: { accessKey: 'a', secretKey: 's' } }, 'gloo-system');
    expect(translateRoutes([up, aws]).statusOf(up)?.state).toBe('Warning');
  });
});

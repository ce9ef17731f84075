// Which Lambda function a route invokes and how, after Gloo's aws plugin
// (projects/gloo/pkg/plugins/aws/plugin.go: GenerateAWSLambdaRouteConfig), written for open-source
// Envoy's aws_lambda filter, which names a function by its full ARN
// (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`) where Gloo's own filter takes a
// name and a qualifier apart.
import type { DestinationSpecJson, LambdaFunctionSpecJson, UpstreamSpecJson as AwsUpstreamJson } from '../../../gen/gloo/api/v1/options/aws/aws_pb';
import type { ConfigJson as LambdaConfigJson } from '../../../gen/envoy/envoy/extensions/filters/http/aws_lambda/v3/aws_lambda_pb';
import { closestName } from '../../../model/did-you-mean';

/** The AWS account a function's ARN names: awsAccountId, else the account of roleArn (a function named alone lives in the account of the caller's role). */
export function accountOf(aws: AwsUpstreamJson): string | undefined {
  if (aws.awsAccountId) return aws.awsAccountId;
  return /^arn:aws[\w-]*:iam::(\d{12}):/.exec(aws.roleArn ?? '')?.[1];
}

/** The full ARN of a function, or undefined when the account is unknown; a lambdaFunctionName that is already an ARN is used as it is. */
export function functionArn(aws: AwsUpstreamJson, f: LambdaFunctionSpecJson): string | undefined {
  const name = f.lambdaFunctionName ?? '';
  const qualifier = f.qualifier ? `:${f.qualifier}` : '';
  if (name.startsWith('arn:')) return name.split(':').length > 7 ? name : `${name}${qualifier}`;
  const account = accountOf(aws);
  return account ? `arn:aws:lambda:${aws.region ?? ''}:${account}:function:${name}${qualifier}` : undefined;
}

type DestinationKey = keyof DestinationSpecJson;

/** The route's destination spec with the Upstream's destinationOverrides filling the fields it leaves unset (mergo.Merge in GenerateAWSLambdaRouteConfig). */
export function mergedDestination(dest: DestinationSpecJson, overrides: DestinationSpecJson | undefined): DestinationSpecJson {
  if (!overrides) return dest;
  const out: DestinationSpecJson = { ...dest };
  for (const k of Object.keys(overrides) as DestinationKey[]) {
    const own = dest[k];
    if (own === undefined || own === false || own === '' || own === 'SYNC') fill(out, overrides, k);
  }
  return out;
}

function fill<K extends DestinationKey>(out: DestinationSpecJson, from: DestinationSpecJson, k: K): void {
  out[k] = from[k];
}

/** Whether the response is unwrapped (unwrapAsApiGateway, its deprecated alias responseTransformation, or unwrapAsAlb). */
export function unwrapsResponse(d: DestinationSpecJson): boolean {
  return !!(d.unwrapAsApiGateway || d.responseTransformation || d.unwrapAsAlb);
}

/**
 * The function a destination names, or the problem: an Upstream without functions, or an unknown logical name (with
 * the closest one). With `fallbackToFirstFunction` (Settings gloo.awsOptions), an unknown name takes the Upstream's
 * first function instead, as GenerateAWSLambdaRouteConfig does.
 */
export function lambdaFunctionOf(aws: AwsUpstreamJson, logicalName: string, fallbackToFirstFunction = false): LambdaFunctionSpecJson | { readonly problem: string } {
  const functions = aws.lambdaFunctions ?? [];
  if (!functions.length) return { problem: `the Upstream lists no lambdaFunctions, so "${logicalName}" names none` };
  const found = functions.find((f) => (f.logicalName ?? '') === logicalName);
  if (found) return found;
  if (fallbackToFirstFunction) return functions[0]!;
  const near = closestName(logicalName, functions.map((f) => f.logicalName ?? ''));
  return { problem: `unknown lambda function "${logicalName}"${near ? `; did you mean "${near}"?` : ''}` };
}

/**
 * Envoy's invoke config of a route's function, sent to `host` (the regional endpoint). Gloo hands the body to the
 * function and its answer back as they are unless asked otherwise, which is Envoy's payload_passthrough; Envoy wraps
 * the request in JSON and unwraps a JSON answer only together, so that is used when both are asked for. Gloo's filter
 * sets the Host header to the endpoint before signing (AWSLambdaFilter::lambdafy); Envoy's does so only when given
 * host_rewrite, else the client's Host (say, api.example.com) goes to Lambda, signed.
 */
export function invokeConfig(arn: string, d: DestinationSpecJson, host: string): LambdaConfigJson {
  const out: LambdaConfigJson = { arn, payloadPassthrough: !(d.requestTransformation && unwrapsResponse(d)), hostRewrite: host };
  if (d.invocationStyle === 'ASYNC') out.invocationMode = 'ASYNCHRONOUS';
  return out;
}

// The ADS wire messages (envoy.service.discovery.v3) as plain objects, and their
// protobuf encoding through the generated descriptor set.
import { create, fromBinary, toBinary, type DescMessage, type JsonObject, type MessageInitShape } from '@bufbuild/protobuf';
import { envoyMessage } from './envoy-registry';

/** envoy.config.core.v3.Node, the fields the server reads; metadata is the Struct as JSON. */
export interface XdsNode {
  id: string;
  cluster: string;
  metadata?: JsonObject;
  userAgentName?: string;
}

/** google.rpc.Status as carried in error_detail of a NACK. */
export interface ErrorDetail {
  code: number;
  message: string;
}

/** A google.protobuf.Any whose value is already-encoded message bytes. */
export interface AnyBytes {
  typeUrl: string;
  value: Uint8Array;
}

/** envoy.service.discovery.v3.DiscoveryRequest (SotW). */
export interface DiscoveryRequest {
  versionInfo: string;
  node?: XdsNode;
  resourceNames: string[];
  typeUrl: string;
  responseNonce: string;
  errorDetail?: ErrorDetail;
}

/** envoy.service.discovery.v3.DiscoveryResponse (SotW). */
export interface DiscoveryResponse {
  versionInfo: string;
  resources: AnyBytes[];
  typeUrl: string;
  nonce: string;
  controlPlane?: { identifier: string };
}

/** envoy.service.discovery.v3.DeltaDiscoveryRequest (incremental). */
export interface DeltaDiscoveryRequest {
  node?: XdsNode;
  typeUrl: string;
  resourceNamesSubscribe: string[];
  resourceNamesUnsubscribe: string[];
  initialResourceVersions: Record<string, string>;
  responseNonce: string;
  errorDetail?: ErrorDetail;
}

/** envoy.service.discovery.v3.Resource as used in delta responses. */
export interface DeltaResource {
  name: string;
  version: string;
  resource?: AnyBytes;
}

/** envoy.service.discovery.v3.DeltaDiscoveryResponse (incremental). */
export interface DeltaDiscoveryResponse {
  systemVersionInfo: string;
  resources: DeltaResource[];
  typeUrl: string;
  removedResources: string[];
  nonce: string;
  controlPlane?: { identifier: string };
}

const PKG = 'envoy.service.discovery.v3.';
const schemas = new Map<string, DescMessage>();

function schema(name: string): DescMessage {
  let desc = schemas.get(name);
  if (!desc) schemas.set(name, (desc = envoyMessage(PKG + name)));
  return desc;
}

function encode(name: string, value: object): Uint8Array {
  const desc = schema(name);
  return toBinary(desc, create(desc, value as MessageInitShape<DescMessage>));
}

function decode<T>(name: string, bytes: Uint8Array): T {
  return fromBinary(schema(name), bytes) as unknown as T;
}

/** Encodes a SotW request (missing fields take proto3 defaults). */
export function encodeDiscoveryRequest(req: Partial<DiscoveryRequest>): Uint8Array {
  return encode('DiscoveryRequest', req);
}

/** Decodes a SotW request; absent node and error_detail are undefined. */
export function decodeDiscoveryRequest(bytes: Uint8Array): DiscoveryRequest {
  return decode<DiscoveryRequest>('DiscoveryRequest', bytes);
}

/** Encodes a SotW response; resource values are copied as they are, never re-encoded. */
export function encodeDiscoveryResponse(res: DiscoveryResponse): Uint8Array {
  return encode('DiscoveryResponse', res);
}

/** Decodes a SotW response. */
export function decodeDiscoveryResponse(bytes: Uint8Array): DiscoveryResponse {
  return decode<DiscoveryResponse>('DiscoveryResponse', bytes);
}

/** Encodes an incremental request (missing fields take proto3 defaults). */
export function encodeDeltaDiscoveryRequest(req: Partial<DeltaDiscoveryRequest>): Uint8Array {
  return encode('DeltaDiscoveryRequest', req);
}

/** Decodes an incremental request; absent node and error_detail are undefined. */
export function decodeDeltaDiscoveryRequest(bytes: Uint8Array): DeltaDiscoveryRequest {
  return decode<DeltaDiscoveryRequest>('DeltaDiscoveryRequest', bytes);
}

/** Encodes an incremental response; resource values are copied as they are, never re-encoded. */
export function encodeDeltaDiscoveryResponse(res: DeltaDiscoveryResponse): Uint8Array {
  return encode('DeltaDiscoveryResponse', res);
}

/** Decodes an incremental response. */
export function decodeDeltaDiscoveryResponse(bytes: Uint8Array): DeltaDiscoveryResponse {
  return decode<DeltaDiscoveryResponse>('DeltaDiscoveryResponse', bytes);
}

// Hand-written gRPC service definitions of envoy.service.discovery.v3.AggregatedDiscoveryService,
// serialized with protobuf-es through the generated descriptor set (no proto-loader).
import type { ServiceDefinition } from '@grpc/grpc-js';
import {
  decodeDeltaDiscoveryRequest,
  decodeDeltaDiscoveryResponse,
  decodeDiscoveryRequest,
  decodeDiscoveryResponse,
  encodeDeltaDiscoveryRequest,
  encodeDiscoveryRequest,
  type DeltaDiscoveryRequest,
  type DeltaDiscoveryResponse,
  type DiscoveryRequest,
  type DiscoveryResponse,
} from './discovery';
import { deltaNameFields, oversized, sotwNameFields, type OversizedRequest } from './name-count';

const SERVICE = '/envoy.service.discovery.v3.AggregatedDiscoveryService/';

/** gRPC method path of SotW ADS. */
export const SOTW_ADS_PATH = SERVICE + 'StreamAggregatedResources';

/** gRPC method path of incremental ADS. */
export const DELTA_ADS_PATH = SERVICE + 'DeltaAggregatedResources';

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const passBuffer = (b: Buffer): Buffer => b;

/**
 * Server side: requests are decoded, except one naming more than maxNamesPerRequest resources, which is read as an
 * OversizedRequest without decoding it; responses are written already encoded (so bytes are counted and shared).
 */
export function adsServerService(maxNamesPerRequest: number): ServiceDefinition {
  return {
    StreamAggregatedResources: {
      path: SOTW_ADS_PATH,
      requestStream: true,
      responseStream: true,
      requestSerialize: (r: DiscoveryRequest) => toBuffer(encodeDiscoveryRequest(r)),
      requestDeserialize: (b: Buffer): DiscoveryRequest | OversizedRequest =>
        oversized(b, sotwNameFields(), maxNamesPerRequest) ?? decodeDiscoveryRequest(b),
      responseSerialize: passBuffer,
      responseDeserialize: passBuffer,
    },
    DeltaAggregatedResources: {
      path: DELTA_ADS_PATH,
      requestStream: true,
      responseStream: true,
      requestSerialize: (r: DeltaDiscoveryRequest) => toBuffer(encodeDeltaDiscoveryRequest(r)),
      requestDeserialize: (b: Buffer): DeltaDiscoveryRequest | OversizedRequest =>
        oversized(b, deltaNameFields(), maxNamesPerRequest) ?? decodeDeltaDiscoveryRequest(b),
      responseSerialize: passBuffer,
      responseDeserialize: passBuffer,
    },
  };
}

/** Client side (scripted clients, benchmarks): requests are encoded from plain objects, responses decoded. */
export const ADS_CLIENT_SERVICE: ServiceDefinition = {
  StreamAggregatedResources: {
    path: SOTW_ADS_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: (r: Partial<DiscoveryRequest>) => toBuffer(encodeDiscoveryRequest(r)),
    requestDeserialize: (b: Buffer) => decodeDiscoveryRequest(b),
    responseSerialize: passBuffer,
    responseDeserialize: (b: Buffer): DiscoveryResponse => decodeDiscoveryResponse(b),
  },
  DeltaAggregatedResources: {
    path: DELTA_ADS_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: (r: Partial<DeltaDiscoveryRequest>) => toBuffer(encodeDeltaDiscoveryRequest(r)),
    requestDeserialize: (b: Buffer) => decodeDeltaDiscoveryRequest(b),
    responseSerialize: passBuffer,
    responseDeserialize: (b: Buffer): DeltaDiscoveryResponse => decodeDeltaDiscoveryResponse(b),
  },
};

// DeltaAggregatedResources: one incremental ADS stream bound to a gRPC call.
import { AdsStream, type AdsCall, type StreamDeps } from '../ads-stream';
import { encodeDeltaDiscoveryResponse, type DeltaDiscoveryRequest } from '../discovery';
import { CONTROL_PLANE_ID } from '../sotw/sotw-stream';
import { DeltaState, type PlannedDeltaResponse } from './delta-state';

/** An incremental ADS stream: requests go through DeltaState, planned responses are encoded from cached resource bytes. */
export class DeltaStream extends AdsStream<DeltaDiscoveryRequest, PlannedDeltaResponse> {
  protected readonly state = new DeltaState(this.noncePrefix, this.deps.limits);

  /** Binds a call; call start() to begin. */
  constructor(call: AdsCall<DeltaDiscoveryRequest>, deps: StreamDeps) {
    super(call, deps, 'delta');
  }

  protected send(planned: PlannedDeltaResponse): void {
    const bytes = encodeDeltaDiscoveryResponse({
      systemVersionInfo: planned.version,
      typeUrl: planned.typeUrl,
      nonce: planned.nonce,
      resources: planned.resources.map((r) => ({
        name: r.name,
        version: r.version,
        resource: { typeUrl: planned.typeUrl, value: this.encode(planned.type, r) },
      })),
      removedResources: planned.removed,
      controlPlane: { identifier: CONTROL_PLANE_ID },
    });
    this.write(planned.type, planned.version, bytes);
  }
}

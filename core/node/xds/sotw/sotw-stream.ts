// StreamAggregatedResources: one SotW ADS stream bound to a gRPC call.
import { AdsStream, type AdsCall, type StreamDeps } from '../ads-stream';
import type { DiscoveryRequest } from '../discovery';
import { SotwState, type PlannedSotwResponse } from './sotw-state';

/** Identifier put in every response's control_plane field. */
export const CONTROL_PLANE_ID = 'xds-sandbox';

/** A SotW ADS stream: requests go through SotwState, planned responses are encoded from cached resource bytes. */
export class SotwStream extends AdsStream<DiscoveryRequest, PlannedSotwResponse> {
  protected readonly state = new SotwState(this.noncePrefix);

  /** Binds a call; call start() to begin. */
  constructor(call: AdsCall<DiscoveryRequest>, deps: StreamDeps) {
    super(call, deps, 'sotw');
  }

  protected send(planned: PlannedSotwResponse): void {
    const bytes = this.deps.responses.response(this.deps.cache.encoder, { ...planned, controlPlane: CONTROL_PLANE_ID }, planned.nonce);
    this.write(planned.type, planned.version, bytes);
  }
}

// A scripted ADS client for protocol tests: sends exactly the requests a test writes and
// queues every response, over a real gRPC stream to the server under test.
import * as grpc from '@grpc/grpc-js';
import { TYPE_URLS, type XdsType } from '../../../common/xds/xds-snapshot';
import { ADS_CLIENT_SERVICE } from '../ads-service';
import type {
  DeltaDiscoveryRequest,
  DeltaDiscoveryResponse,
  DiscoveryRequest,
  DiscoveryResponse,
  XdsNode,
} from '../discovery';
import { decodeEnvoyJson } from '../resource-encoder';

const AdsClient = grpc.makeGenericClientConstructor(ADS_CLIENT_SERVICE, 'AggregatedDiscoveryService');

type Response = DiscoveryResponse | DeltaDiscoveryResponse;

/** The node a scripted client sends; role selects the proxy. */
export function testNode(id: string, role?: string): XdsNode {
  return { id, cluster: 'test', metadata: role === undefined ? {} : { role } };
}

/** One scripted stream. Requests carry the node on the first message only, like real clients. */
class ScriptedStream<Req extends { typeUrl?: string }, Res extends Response> {
  /** Every response received, in order. */
  readonly received: Res[] = [];
  private readonly queue: Res[] = [];
  private waiters: (() => void)[] = [];
  private sentNode = false;
  private ended?: Error;

  constructor(
    private readonly client: grpc.Client,
    private readonly call: grpc.ClientDuplexStream<Req, Res>,
    private readonly node: XdsNode,
  ) {
    call.on('data', (res: Res) => {
      this.received.push(res);
      this.queue.push(res);
      this.wake();
    });
    call.on('error', (err: Error) => this.finish(err));
    call.on('end', () => this.finish(new Error('stream ended')));
  }

  /** Sends a request (the node is added to the first one). */
  send(req: Req): void {
    const withNode = this.sentNode ? req : { ...req, node: this.node };
    this.sentNode = true;
    this.call.write(withNode);
  }

  /** The next queued response, of a given type when asked (other types stay queued). */
  async next(type?: XdsType, timeoutMs = 3000): Promise<Res> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.queue.findIndex((r) => !type || r.typeUrl === TYPE_URLS[type]);
      if (i >= 0) return this.queue.splice(i, 1)[0];
      if (this.ended) throw this.ended;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type ?? ''} response within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when no response arrives for ms; rejects with what arrived otherwise. */
  async expectSilence(ms = 250): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.queue.length > 0) {
      const what = this.queue.map((r) => r.typeUrl.split('.').pop()).join(', ');
      throw new Error(`expected no response, got: ${what}`);
    }
  }

  /** Ends the stream and closes the channel. */
  close(): void {
    this.call.end();
    this.client.close();
  }

  /** Cancels the stream abruptly (a client crash or network drop). */
  cancel(): void {
    this.call.cancel();
    this.client.close();
  }

  private finish(err: Error): void {
    this.ended ??= err;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** A scripted SotW ADS stream. */
export class SotwClient extends ScriptedStream<Partial<DiscoveryRequest>, DiscoveryResponse> {
  /** Sends a request for a type. */
  request(type: XdsType, resourceNames: string[] = [], extra: Partial<DiscoveryRequest> = {}): void {
    this.send({ typeUrl: TYPE_URLS[type], resourceNames, ...extra });
  }

  /** ACKs a response, keeping (or changing) the subscription. */
  ack(res: DiscoveryResponse, resourceNames: string[] = []): void {
    this.send({ typeUrl: res.typeUrl, versionInfo: res.versionInfo, responseNonce: res.nonce, resourceNames });
  }

  /** NACKs a response with an error text, reporting previousVersion as the one in use. */
  nack(res: DiscoveryResponse, message: string, resourceNames: string[] = [], previousVersion = ''): void {
    this.send({
      typeUrl: res.typeUrl,
      versionInfo: previousVersion,
      responseNonce: res.nonce,
      resourceNames,
      errorDetail: { code: 3, message },
    });
  }
}

/** A scripted incremental ADS stream. */
export class DeltaClient extends ScriptedStream<Partial<DeltaDiscoveryRequest>, DeltaDiscoveryResponse> {
  /** Subscribes to / unsubscribes from names of a type (first request may carry initial versions). */
  request(type: XdsType, subscribe: string[] = [], unsubscribe: string[] = [], extra: Partial<DeltaDiscoveryRequest> = {}): void {
    this.send({ typeUrl: TYPE_URLS[type], resourceNamesSubscribe: subscribe, resourceNamesUnsubscribe: unsubscribe, ...extra });
  }

  /** ACKs a response. */
  ack(res: DeltaDiscoveryResponse): void {
    this.send({ typeUrl: res.typeUrl, responseNonce: res.nonce });
  }

  /** NACKs a response with an error text. */
  nack(res: DeltaDiscoveryResponse, message: string): void {
    this.send({ typeUrl: res.typeUrl, responseNonce: res.nonce, errorDetail: { code: 3, message } });
  }
}

function open(port: number): grpc.Client {
  return new AdsClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}

/** Opens a SotW stream to the server on port as node. */
export function sotwClient(port: number, node: XdsNode = testNode('sotw-test')): SotwClient {
  const client = open(port);
  const call = (client as unknown as Record<string, () => grpc.ClientDuplexStream<unknown, unknown>>).StreamAggregatedResources();
  return new SotwClient(client, call as grpc.ClientDuplexStream<Partial<DiscoveryRequest>, DiscoveryResponse>, node);
}

/** Opens an incremental stream to the server on port as node. */
export function deltaClient(port: number, node: XdsNode = testNode('delta-test')): DeltaClient {
  const client = open(port);
  const call = (client as unknown as Record<string, () => grpc.ClientDuplexStream<unknown, unknown>>).DeltaAggregatedResources();
  return new DeltaClient(client, call as grpc.ClientDuplexStream<Partial<DeltaDiscoveryRequest>, DeltaDiscoveryResponse>, node);
}

/** Names of the resources in a SotW response (decoded). */
export function namesOf(res: DiscoveryResponse): string[] {
  return res.resources.map((any) => {
    const json = decodeEnvoyJson(any.typeUrl, any.value);
    return String(json.name ?? json.clusterName);
  });
}

/** The resources of a SotW response decoded to Envoy JSON. */
export function jsonOf(res: DiscoveryResponse): Record<string, unknown>[] {
  return res.resources.map((any) => decodeEnvoyJson(any.typeUrl, any.value));
}

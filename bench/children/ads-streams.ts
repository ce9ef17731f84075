// N scripted SotW ADS streams in one process, each with its own connection and node id, behaving like Envoy:
// CDS and LDS wildcard, then EDS and RDS for the names those name, ACKing every response.
// Usage: ads-streams.ts PORT COUNT ID_PREFIX ROLE. Prints `ready` once every stream ACKed each type it subscribed to.
import * as grpc from '@grpc/grpc-js';
import { TYPE_URLS, xdsTypeOf, type XdsType } from '../../core/common/xds/xds-snapshot';
import { ADS_CLIENT_SERVICE } from '../../core/node/xds/ads-service';
import { decodeDiscoveryResponse, type DiscoveryRequest, type DiscoveryResponse } from '../../core/node/xds/discovery';
import { decodeEnvoyJson } from '../../core/node/xds/resource-encoder';

// Responses arrive as raw bytes: the streams read only version, type and nonce (decoding resources only where names are
// needed), so these client processes spend as little CPU as possible beside the server under test.
const AdsClient = grpc.makeGenericClientConstructor(
  { StreamAggregatedResources: { ...ADS_CLIENT_SERVICE.StreamAggregatedResources, responseDeserialize: (b: Buffer) => b } },
  'AggregatedDiscoveryService',
);

interface ResponseHeader {
  versionInfo: string;
  typeUrl: string;
  nonce: string;
}

/** Reads fields 1 (version_info), 4 (type_url) and 5 (nonce) of a DiscoveryResponse, skipping the rest by wire type. */
function readHeader(b: Buffer): ResponseHeader {
  const out: ResponseHeader = { versionInfo: '', typeUrl: '', nonce: '' };
  let i = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const byte = b[i++];
      v += (byte & 0x7f) * mul;
      if (byte < 0x80) return v;
      mul *= 128;
    }
  };
  while (i < b.length) {
    const tag = varint();
    const wire = tag & 7;
    const field = Math.floor(tag / 8);
    if (wire === 0) varint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = varint();
      if (field === 1) out.versionInfo = b.toString('utf8', i, i + len);
      else if (field === 4) out.typeUrl = b.toString('utf8', i, i + len);
      else if (field === 5) out.nonce = b.toString('utf8', i, i + len);
      i += len;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

function collect(value: unknown, key: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => collect(v, key, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key && typeof v === 'string') out.add(v);
      else collect(v, key, out);
    }
  }
  return out;
}

function edsNames(res: DiscoveryResponse): string[] {
  return res.resources.flatMap((any) => {
    const c = decodeEnvoyJson(any.typeUrl, any.value) as { name: string; type?: string; edsClusterConfig?: { serviceName?: string } };
    return c.type === 'EDS' || c.edsClusterConfig ? [c.edsClusterConfig?.serviceName || c.name] : [];
  });
}

function routeNames(res: DiscoveryResponse): string[] {
  const out = new Set<string>();
  for (const any of res.resources) collect(decodeEnvoyJson(any.typeUrl, any.value), 'routeConfigName', out);
  return [...out];
}

/** One Envoy-like stream; calls onAcked(type) after each ACK it sends. */
function openStream(port: number, nodeId: string, role: string, onAcked: (type: XdsType) => void): grpc.Client {
  const client = new AdsClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.use_local_subchannel_pool': 1, 'grpc.max_receive_message_length': 256 * 1024 * 1024,
  });
  const call = (client as unknown as Record<string, () => grpc.ClientDuplexStream<Partial<DiscoveryRequest>, Buffer>>).StreamAggregatedResources();
  const subs = new Map<XdsType, string[]>();
  let first = true;
  const send = (req: Partial<DiscoveryRequest>) => {
    call.write(first ? { ...req, node: { id: nodeId, cluster: 'bench', metadata: { role } } } : req);
    first = false;
  };
  const subscribe = (type: XdsType, names: string[]) => {
    subs.set(type, names);
    send({ typeUrl: TYPE_URLS[type], resourceNames: names });
  };
  call.on('data', (bytes: Buffer) => {
    const res = readHeader(bytes);
    const type = xdsTypeOf(res.typeUrl);
    if (!type) return;
    send({ typeUrl: res.typeUrl, versionInfo: res.versionInfo, responseNonce: res.nonce, resourceNames: subs.get(type) ?? [] });
    onAcked(type);
    if (type === 'cluster' && !subs.has('endpoint')) {
      const names = edsNames(decodeDiscoveryResponse(bytes));
      if (names.length) subscribe('endpoint', names);
    }
    if (type === 'listener' && !subs.has('route')) {
      const names = routeNames(decodeDiscoveryResponse(bytes));
      if (names.length) subscribe('route', names);
    }
  });
  call.on('error', (err: Error) => process.stderr.write(`ads-streams ${nodeId}: ${err.message}\n`));
  subscribe('cluster', []);
  subscribe('listener', []);
  return client;
}

function main(): void {
  const [port, count, prefix, role] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4], process.argv[5]];
  if (!port || !count || !prefix || !role) throw new Error('usage: ads-streams.ts PORT COUNT ID_PREFIX ROLE');
  const ready = new Set<number>();
  const clients: grpc.Client[] = [];
  for (let i = 0; i < count; i++) {
    const seen = new Set<XdsType>();
    clients.push(openStream(port, `${prefix}-${i}`, role, (type) => {
      seen.add(type);
      if (seen.has('cluster') && seen.has('listener') && seen.has('route') && !ready.has(i)) {
        ready.add(i);
        if (ready.size === count) process.stdout.write('ready\n');
      }
    }));
  }
  const stop = () => {
    for (const c of clients) c.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();

// The `kubernetes` source, as Gloo's UDS for Kubernetes (projects/gloo/pkg/plugins/kubernetes/uds_convert.go:
// UpstreamsForService, CreateUpstream): every port of every Service becomes a kube Upstream named
// `<namespace>-<service>-<port>`, the Service's labels under discoveryMetadata, only Services carrying
// udsOptions.watchLabels. The API server and credentials come from the kubeconfig's current context.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { kubeUpstreamName } from '../../../common/discovery/names';
import type { DesiredUpstream } from '../../../common/discovery/reconcile-plan';
import type { SourceScan, UpstreamSource } from './source';

/** Gloo's label value for Upstreams its Kubernetes UDS plugin writes. */
export const KUBERNETES_LABEL = 'kubernetesplugin';

/** How to reach an API server, from a kubeconfig. */
export interface KubeAccess {
  readonly server: string;
  readonly token?: string;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly insecure?: boolean;
}

interface KubeService {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> };
  readonly spec?: { readonly ports?: readonly { readonly port: number; readonly name?: string }[]; readonly selector?: Record<string, string> };
}

/** The kubeconfig file to read: the Settings value, else $KUBECONFIG (its first entry), else ~/.kube/config. */
export function kubeconfigPath(fromSettings?: string): string {
  return fromSettings || process.env.KUBECONFIG?.split(process.platform === 'win32' ? ';' : ':')[0] || join(homedir(), '.kube', 'config');
}

/** The current context's server and credentials, or a sentence saying what is missing. */
export function readKubeconfig(path: string): KubeAccess | { readonly error: string } {
  let doc: Record<string, unknown>;
  try {
    doc = parseYaml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    return { error: `cannot read kubeconfig ${path}: ${(err as Error).message}` };
  }
  const named = (list: unknown, name: unknown) => (Array.isArray(list) ? list.find((e: { name?: unknown }) => e?.name === name) : undefined) as Record<string, Record<string, string>> | undefined;
  const context = named(doc.contexts, doc['current-context'])?.context;
  if (!context) return { error: `kubeconfig ${path} has no current-context` };
  const cluster = named(doc.clusters, context.cluster)?.cluster;
  const user = named(doc.users, context.user)?.user ?? {};
  if (!cluster?.server) return { error: `kubeconfig ${path}: cluster ${context.cluster} has no server` };
  const data = (inline: string | undefined, file: string | undefined) => (inline ? Buffer.from(inline, 'base64') : file ? readFileSync(file) : undefined);
  try {
    const ca = data(cluster['certificate-authority-data'], cluster['certificate-authority']);
    const cert = data(user['client-certificate-data'], user['client-certificate']);
    const key = data(user['client-key-data'], user['client-key']);
    return { server: cluster.server, ...(user.token ? { token: user.token } : {}), ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(String(cluster['insecure-skip-tls-verify']) === 'true' ? { insecure: true } : {}) };
  } catch (err) {
    return { error: `kubeconfig ${path}: ${(err as Error).message}` };
  }
}

/** The Kubernetes Services source. */
export function kubernetesSource(o: { readonly kubeconfig?: string; readonly writeNamespace: string; readonly watchLabels: Readonly<Record<string, string>>; readonly timeoutMs: number }): UpstreamSource {
  return {
    kind: 'kubernetes',
    label: KUBERNETES_LABEL,
    async scan(): Promise<SourceScan> {
      const path = kubeconfigPath(o.kubeconfig);
      const access = readKubeconfig(path);
      if ('error' in access) return { ok: false, message: access.error };
      const selector = Object.entries(o.watchLabels).map(([k, v]) => `${k}=${v}`).join(',');
      try {
        const body = await getJson(access, `/api/v1/services${selector ? `?labelSelector=${encodeURIComponent(selector)}` : ''}`, o.timeoutMs);
        const items = ((body as { items?: KubeService[] }).items ?? []);
        return { ok: true, upstreams: items.flatMap((svc) => upstreamsForService(svc, o.writeNamespace)) };
      } catch (err) {
        return { ok: false, message: `cannot list Services from ${access.server}: ${(err as Error).message}` };
      }
    },
  };
}

/** One kube Upstream per Service port. */
export function upstreamsForService(svc: KubeService, writeNamespace: string): DesiredUpstream[] {
  return (svc.spec?.ports ?? []).map((p) => ({
    source: KUBERNETES_LABEL,
    found: `Service ${svc.metadata.namespace}/${svc.metadata.name} port ${p.port}`,
    upstream: {
      kind: 'Upstream',
      metadata: { name: kubeUpstreamName(svc.metadata.namespace, svc.metadata.name, p.port), namespace: writeNamespace },
      spec: {
        kube: { serviceName: svc.metadata.name, serviceNamespace: svc.metadata.namespace, servicePort: p.port, ...(svc.spec?.selector ? { selector: svc.spec.selector } : {}) },
        ...(svc.metadata.labels ? { discoveryMetadata: { labels: svc.metadata.labels } } : {}),
      },
    },
  }));
}

function getJson(access: KubeAccess, path: string, timeoutMs: number): Promise<unknown> {
  const url = new URL(path, access.server);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { Accept: 'application/json', ...(access.token ? { Authorization: `Bearer ${access.token}` } : {}) },
      ...(access.ca ? { ca: access.ca } : {}), ...(access.cert ? { cert: access.cert } : {}), ...(access.key ? { key: access.key } : {}),
      ...(access.insecure ? { rejectUnauthorized: false } : {}), timeout: timeoutMs, agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
        try { resolve(JSON.parse(text)); } catch { reject(new Error('the answer is not JSON')); }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

// PEM checks for TLS secrets: Envoy refuses a certificate chain or key it cannot parse, so the
// sandbox checks the PEM framing and base64 bodies before serving them.

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);

interface PemBlock {
  readonly label: string;
  readonly problem?: string;
}

function blocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const [, begin, body, end] = m;
    if (begin !== end) out.push({ label: begin, problem: `BEGIN ${begin} is closed by END ${end}` });
    else out.push({ label: begin, problem: base64Problem(body) });
  }
  return out;
}

function base64Problem(body: string): string | undefined {
  const lines = body.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const b64 = lines.filter((l) => !/^[A-Za-z-]+:/.test(l)).join('');
  if (b64 === '') return 'empty body';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return 'body is not valid base64';
  try {
    atob(b64);
  } catch {
    return 'body is not valid base64';
  }
  return undefined;
}

/** Why a PEM certificate chain is unusable (no CERTIFICATE block, or a block with a bad body); undefined when it looks valid. */
export function certificateChainProblem(text: string | undefined): string | undefined {
  const found = blocks(text ?? '').filter((b) => b.label === 'CERTIFICATE');
  if (found.length === 0) return 'certChain has no PEM "BEGIN CERTIFICATE" block';
  const bad = found.find((b) => b.problem);
  return bad ? `certChain: CERTIFICATE block ${bad.problem}` : undefined;
}

/** Why a PEM private key is unusable (no `BEGIN ... PRIVATE KEY` block, or a bad body); undefined when it looks valid. */
export function privateKeyProblem(text: string | undefined): string | undefined {
  const found = blocks(text ?? '').filter((b) => KEY_LABELS.has(b.label));
  if (found.length === 0) return 'privateKey has no PEM "BEGIN PRIVATE KEY" block';
  const bad = found.find((b) => b.problem);
  return bad ? `privateKey: ${bad.label} block ${bad.problem}` : undefined;
}

/** Why a PEM CA bundle is unusable; undefined when empty or valid. */
export function rootCaProblem(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const problem = certificateChainProblem(text);
  return problem?.replace('certChain', 'rootCa');
}

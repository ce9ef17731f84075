// The JSON Web Key Set Envoy's jwt_authn filter reads from a Gloo local key, which may be a key set,
// one JSON web key or a PEM public key (jwt.proto, LocalJwks.key). Envoy reads only key sets, so a
// single key is wrapped and a PEM key (SubjectPublicKeyInfo or PKCS#1 RSA) becomes a JWK: RSA
// (RFC 7518 §6.3), EC P-256/P-384/P-521 (§6.2) or Ed25519 (RFC 8037).

/** The key set as JSON text, or why the key cannot be read. */
export type JwksResult = { readonly jwks: string } | { readonly problem: string };

const PEM = /-----BEGIN ((?:RSA )?PUBLIC KEY)-----([\s\S]*?)-----END \1-----/;
const RSA_OID = '2a864886f70d010101';
const EC_OID = '2a8648ce3d0201';
const ED25519_OID = '2b6570';
const CURVES: Readonly<Record<string, string>> = { '2a8648ce3d030107': 'P-256', '2b81040022': 'P-384', '2b81040023': 'P-521' };

/** The key set of a Gloo local key. */
export function localJwks(key: string): JwksResult {
  const text = key.trim();
  if (text.startsWith('{')) return fromJson(text);
  const m = PEM.exec(text);
  if (!m) return { problem: 'is neither a JSON web key (set) nor a PEM public key ("BEGIN PUBLIC KEY")' };
  try {
    const der = base64Bytes(m[2]);
    const jwk = m[1] === 'RSA PUBLIC KEY' ? rsaJwk(der) : spkiJwk(der);
    return { jwks: JSON.stringify({ keys: [jwk] }) };
  } catch (e) {
    return { problem: `holds a PEM public key that cannot be read: ${(e as Error).message}` };
  }
}

function fromJson(text: string): JwksResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: `is not valid JSON: ${(e as Error).message}` };
  }
  const o = value as { keys?: unknown; kty?: unknown };
  if (Array.isArray(o.keys)) return { jwks: text };
  if (typeof o.kty === 'string') return { jwks: JSON.stringify({ keys: [value] }) };
  return { problem: 'is JSON but neither a key set ("keys") nor a key ("kty")' };
}

/** One DER element: its tag and content. */
interface Der {
  readonly tag: number;
  readonly content: Uint8Array;
}

/** The DER elements in a byte string, in order. */
function elements(bytes: Uint8Array): Der[] {
  const out: Der[] = [];
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i++];
    let len = bytes[i++];
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 3) throw new Error('unsupported DER length');
      len = 0;
      for (let k = 0; k < n; k++) len = (len << 8) | bytes[i++];
    }
    if (i + len > bytes.length) throw new Error('truncated DER');
    out.push({ tag, content: bytes.subarray(i, i + len) });
    i += len;
  }
  return out;
}

function only(bytes: Uint8Array, tag: number, what: string): Der {
  const [e] = elements(bytes);
  if (e?.tag !== tag) throw new Error(`expected ${what}`);
  return e;
}

function rsaJwk(pkcs1: Uint8Array): Record<string, string> {
  const [n, e] = elements(only(pkcs1, 0x30, 'an RSA key sequence').content);
  if (n?.tag !== 0x02 || e?.tag !== 0x02) throw new Error('expected the RSA modulus and exponent');
  return { kty: 'RSA', n: base64Url(unsigned(n.content)), e: base64Url(unsigned(e.content)) };
}

function spkiJwk(der: Uint8Array): Record<string, string> {
  const [algorithm, key] = elements(only(der, 0x30, 'a SubjectPublicKeyInfo sequence').content);
  if (algorithm?.tag !== 0x30 || key?.tag !== 0x03) throw new Error('expected an algorithm and a bit string');
  const [oid, params] = elements(algorithm.content);
  const bits = key.content.subarray(1);
  const id = hex(oid.content);
  if (id === RSA_OID) return rsaJwk(bits);
  if (id === ED25519_OID) return { kty: 'OKP', crv: 'Ed25519', x: base64Url(bits) };
  const crv = id === EC_OID && params ? CURVES[hex(params.content)] : undefined;
  if (!crv) throw new Error(`key algorithm ${id === EC_OID ? 'EC on an unsupported curve' : id} is not RSA, EC or Ed25519`);
  if (bits[0] !== 0x04) throw new Error('compressed EC points are not supported');
  const size = (bits.length - 1) / 2;
  return { kty: 'EC', crv, x: base64Url(bits.subarray(1, 1 + size)), y: base64Url(bits.subarray(1 + size)) };
}

function unsigned(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function base64Bytes(body: string): Uint8Array {
  const bin = atob(body.replace(/\s+/g, ''));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function base64Url(b: Uint8Array): string {
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

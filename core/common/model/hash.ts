// Content hashing for snapshots, objects and xDS resources. Pure: runs in a browser too.

/** JSON text of a value with object keys sorted, so equal content gives equal text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map(stableStringify).join(',') + ']';
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + stableStringify(obj[k])).join(',') + '}';
}

/** A 64-bit hash (16 hex digits) of a string: two independent 32-bit FNV-1a-style lanes. */
export function hashString(text: string): string {
  const [a, b] = hashLanes(text);
  return hexLanes(a, b);
}

/** The two 32-bit lanes (unsigned) of hashString's hash, for hashes combined by addition. */
export function hashLanes(text: string): [number, number] {
  let h1 = 0x811c9dc5 ^ text.length;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  return [(h1 ^ (h1 >>> 16)) >>> 0, (h2 ^ (h2 >>> 16)) >>> 0];
}

/** Hex digits of every byte value, for hexLanes (Number#toString(16) and padStart cost more than the hash). */
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Two 32-bit lanes as 16 hex digits. */
export function hexLanes(a: number, b: number): string {
  return hex8(a) + hex8(b);
}

function hex8(n: number): string {
  return HEX_BYTES[(n >>> 24) & 255] + HEX_BYTES[(n >>> 16) & 255] + HEX_BYTES[(n >>> 8) & 255] + HEX_BYTES[n & 255];
}

/** Hash of a JSON-like value's content, independent of key order. */
export function contentHash(value: unknown): string {
  return hashString(stableStringify(value));
}

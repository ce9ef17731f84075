// Listening TCP sockets from the text of Linux's /proc/net/tcp and /proc/net/tcp6 (proc(5)): each line
// gives the local address as hex (32-bit words in host byte order, little-endian on every Linux the
// sandbox runs on), the state (0A = LISTEN), the owner's uid and the socket's inode. Or from `ss -Hltne`
// (iproute2), which asks the kernel over netlink for listening sockets only: far cheaper than reading
// /proc/net/tcp on a machine with thousands of connections.

/** One listening socket. */
export interface ListeningSocket {
  readonly address: string;
  readonly port: number;
  readonly inode: string;
  readonly uid: number;
}

const LISTEN = '0A';

/** The listening sockets of one /proc/net/tcp or tcp6 file. */
export function parseProcNetTcp(text: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line.includes(` ${LISTEN} `)) continue; // most sockets are connections, not listeners
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== LISTEN) continue;
    const [hexAddr, hexPort] = f[1].split(':');
    const address = hexAddr.length === 8 ? ipv4(hexAddr) : ipv6(hexAddr);
    if (!address) continue;
    out.push({ address, port: parseInt(hexPort, 16), uid: Number(f[7]), inode: f[9] });
  }
  return out;
}

/** The listening sockets of `ss -Hltne` output: `LISTEN 0 511 127.0.0.1:3000 0.0.0.0:* uid:1000 ino:4242 sk:1 <->`. */
export function parseSsListeners(text: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'LISTEN' || f.length < 5) continue;
    const local = f[3];
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    let address = local.slice(0, colon).replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    if (address === '*') address = '0.0.0.0';
    if (address.startsWith('::ffff:') && address.includes('.')) address = address.slice(7);
    const inode = f.find((x) => x.startsWith('ino:'))?.slice(4) ?? '';
    const uid = Number(f.find((x) => x.startsWith('uid:'))?.slice(4) ?? 0);
    if (Number.isInteger(port) && port > 0) out.push({ address, port, uid, inode });
  }
  return out;
}

function ipv4(hex: string): string {
  const bytes = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16)).reverse();
  return bytes.join('.');
}

function ipv6(hex: string): string | undefined {
  if (hex.length !== 32) return undefined;
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(word.slice(i, i + 2), 16));
  }
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952 text: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** The address a client on this machine dials for a socket listening on `address` (wildcards → loopback). */
export function dialAddress(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address;
}

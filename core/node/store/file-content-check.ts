// Checks a file's bytes before parsing: binary (NUL bytes, UTF-16) and invalid UTF-8, with the line and column of the first bad byte.

/** Why a file's bytes cannot be read as UTF-8 text, and where. */
export interface ContentIssue {
  readonly offset: number;
  readonly message: string;
}

/** The first reason the bytes are not UTF-8 text (binary or invalid UTF-8), or undefined when they are. */
export function checkTextContent(bytes: Uint8Array): ContentIssue | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { offset: 0, message: 'the file is UTF-16 text; save it as UTF-8' };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { offset: nul, message: 'the file looks binary (it contains a NUL byte); not read' };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const byte = bytes[offset]?.toString(16).padStart(2, '0') ?? '??';
    return { offset, message: `the file is not valid UTF-8 (byte 0x${byte}); save it as UTF-8` };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (bytes.length if none). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const b1 = bytes[i + 1];
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += len;
  }
  return bytes.length;
}

/** The 1-based line and column (in UTF-16 units, as the YAML parser counts them) of a byte offset. */
export function lineColumnOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}

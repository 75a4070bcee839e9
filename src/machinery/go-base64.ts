// Go's base64.StdEncoding decoding rules, reproduced to report the same
// "illegal base64 data at input byte N" position Kubernetes reports for a bad Secret value.
// (Node's decoder silently skips bad characters, so it cannot tell us where or whether input is bad.)

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const isAlphabet = new Uint8Array(256);
for (const ch of ALPHABET) isAlphabet[ch.charCodeAt(0)] = 1;

/** The byte offset Go reports for invalid input, or -1 when the input decodes. */
export function goBase64ErrorOffset(src: string): number {
  let si = 0;
  const n = src.length;
  const isNewline = (i: number) => src[i] === '\n' || src[i] === '\r';
  for (;;) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === n) {
        if (j === 0) return -1;
        return si - j; // a partial quantum without padding
      }
      const c = src.charCodeAt(si);
      si++;
      if (c < 256 && isAlphabet[c]) continue;
      if (c === 0x0a || c === 0x0d) { j--; continue; }
      if (c !== 0x3d /* = */) return si - 1;
      // Padding: only valid as the 3rd or 4th character of a quantum.
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < n && isNewline(si)) si++;
        if (si === n) return n;
        if (src[si] !== '=') return si - 1;
        si++;
      }
      while (si < n && isNewline(si)) si++;
      return si < n ? si : -1;
    }
  }
}

/** Decodes Go-valid base64 (newlines ignored); call goBase64ErrorOffset first. */
export function decodeBase64(src: string): Buffer {
  return Buffer.from(src, 'base64');
}

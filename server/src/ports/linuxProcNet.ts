/** Pure parser for Linux /proc/net/tcp and /proc/net/tcp6: LISTEN rows (state 0A) for one port. */
import type { ListeningSocket } from './types';

const LISTEN_STATE = '0A';

/**
 * Parses the text of /proc/net/tcp or /proc/net/tcp6 and returns the sockets listening on `port`.
 * Addresses are printed by the kernel as native-endian 32-bit words; `endianness` is the host's.
 */
export function parseProcNetTcp(text: string, port: number, endianness: 'LE' | 'BE' = 'LE'): ListeningSocket[] {
  const result: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== LISTEN_STATE) continue;
    const [addrHex, portHex] = (fields[1] ?? '').split(':');
    if (!addrHex || !portHex || parseInt(portHex, 16) !== port) continue;
    result.push({
      address: decodeAddress(addrHex, endianness),
      port,
      uid: Number(fields[7]),
      inode: Number(fields[9]),
    });
  }
  return result;
}

function decodeAddress(hex: string, endianness: 'LE' | 'BE'): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length / 8; word++) {
    const wordBytes = (hex.slice(word * 8, word * 8 + 8).match(/../g) ?? []).map((b) => parseInt(b, 16));
    bytes.push(...(endianness === 'LE' ? wordBytes.reverse() : wordBytes));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // URL normalises an IPv6 literal to its shortest form (e.g. 0:0:0:0:0:0:0:1 → ::1).
  return new URL(`http://[${groups.join(':')}]/`).hostname.replace(/^\[|\]$/g, '');
}

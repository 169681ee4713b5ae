// Line splitting for Docker log and event streams. Pure apart from reading the given stream.
import type { Readable } from 'node:stream';

/** Calls `onLine` for every complete, non-empty line of `stream` (and the last partial one at its end). */
export function streamLines(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) onLine(line);
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}

/**
 * Splits a non-TTY Docker log buffer (8-byte frame headers: stream, 0, 0, 0, big-endian length)
 * into the frames' text. A buffer without frame headers (TTY container) comes back whole.
 */
export function splitDockerFrames(buffer: Buffer): string[] {
  const texts: string[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const framed = (kind === 0 || kind === 1 || kind === 2) && buffer[offset + 1] === 0 && buffer[offset + 2] === 0 && buffer[offset + 3] === 0;
    if (!framed) break;
    const length = buffer.readUInt32BE(offset + 4);
    texts.push(buffer.subarray(offset + 8, offset + 8 + length).toString('utf8'));
    offset += 8 + length;
  }
  if (offset < buffer.length) texts.push(buffer.subarray(offset).toString('utf8'));
  return texts;
}

import zlib from "node:zlib";

/**
 * A valid PNG of `width`×`height` solid black pixels that weighs well under a megabyte: the same
 * fully flushed deflate block repeated (each one resets the window), so it is built in
 * milliseconds rather than by compressing gigabytes. What an attacker would upload.
 */
export function solidPng(width: number, height: number): Buffer {
  const rowBytes = 1 + width * 3;
  const rowsPerBlock = [100, 50, 10, 1].find((n) => height % n === 0)!;
  const block = zlib.deflateRawSync(Buffer.alloc(rowBytes * rowsPerBlock), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const total = rowBytes * height;
  // Adler-32 of all-zero data: a stays 1, b grows by 1 per byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
  const idat = Buffer.concat([Buffer.from([0x78, 0xda]), ...Array.from({ length: height / rowsPerBlock }, () => block), Buffer.from([0x03, 0x00]), adler]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

// Tiny but structurally valid media files, built in code so the fakes serve real bytes that
// storage and browsers recognise (PNG signature and chunks; an ISO-BMFF MP4 with ftyp and moov).
import { crc32, deflateSync } from "node:zlib";

export type FakeMedia = { bytes: Buffer; contentType: string };

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/** A square PNG of one colour. */
export function buildPng(size: number, rgb: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(pixels)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function mp4Box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, "ascii");
  return Buffer.concat([head, body]);
}

function buildMp4(): Buffer {
  const ftyp = mp4Box("ftyp", Buffer.from("isom", "ascii"), Buffer.from([0, 0, 2, 0]), Buffer.from("isomiso2mp41", "ascii"));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(5000, 16); // duration: 5 s
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].forEach((v, i) => mvhd.writeUInt32BE(v, 36 + i * 4));
  mvhd.writeUInt32BE(2, 96); // next track id
  return Buffer.concat([ftyp, mp4Box("moov", mp4Box("mvhd", mvhd))]);
}

const PNG: FakeMedia = { bytes: buildPng(8, [6, 182, 212]), contentType: "image/png" };
const MP4: FakeMedia = { bytes: buildMp4(), contentType: "video/mp4" };

/** The bytes a fake serves for an output file, by its extension. */
export function mediaFor(fileName: string): FakeMedia {
  return fileName.endsWith(".mp4") ? MP4 : PNG;
}

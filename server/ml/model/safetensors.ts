// safetensors: 8-byte little-endian header length, JSON header {name: {dtype, shape, data_offsets: [begin, end]}},
// then the raw little-endian tensor bytes (offsets relative to the end of the header).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface NamedArray {
  shape: number[];
  data: Float32Array;
}

const LITTLE_ENDIAN = os.endianness() === 'LE';

function leBytes(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i], true);
  return out;
}

/** Writes `file` as a temp file in the same folder, then renames it over the target. */
export async function writeFileAtomic(file: string, chunks: (Uint8Array | string)[]): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await fs.open(tmp, 'w');
  try {
    for (const chunk of chunks) await (typeof chunk === 'string' ? handle.write(chunk) : handle.write(chunk));
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await fs.rename(tmp, file);
}

/** Encodes F32 tensors (in the given order) as safetensors chunks: header first, then the data. */
export function encodeSafetensors(tensors: Map<string, NamedArray>, metadata: Record<string, string> = {}): Uint8Array[] {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, { shape, data }] of tensors) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`tensor "${name}": shape [${shape}] needs ${size} values, got ${data.length}`);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8); // pad so the data starts 8-byte aligned
  const headerBytes = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.length));
  return [prefix, headerBytes, ...[...tensors.values()].map((t) => leBytes(t.data))];
}

export async function writeSafetensors(file: string, tensors: Map<string, NamedArray>, metadata: Record<string, string> = {}): Promise<void> {
  await writeFileAtomic(file, encodeSafetensors(tensors, metadata));
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function toFloat32(dtype: string, bytes: Buffer, count: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  if (dtype === 'F32') {
    if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes);
    else for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  } else if (dtype === 'F16') {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  } else if (dtype === 'BF16') {
    const u32 = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) u32[i] = view.getUint16(2 * i, true) << 16;
  } else if (dtype === 'F64') {
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
  } else {
    throw new Error(`unsupported safetensors dtype ${dtype} (F32, F16, BF16, F64 are)`);
  }
  return out;
}

const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

/** Reads the tensors `include` accepts (default all) as Float32Array (F16/BF16/F64 converted) plus __metadata__. */
export async function readSafetensors(
  file: string,
  include: (name: string) => boolean = () => true,
): Promise<{ tensors: Map<string, NamedArray>; metadata: Record<string, string> }> {
  const buf = await fs.readFile(file);
  if (buf.length < 8) throw new Error(`${file}: not a safetensors file (too short)`);
  const headerLen = Number(buf.readBigUInt64LE(0));
  if (8 + headerLen > buf.length) throw new Error(`${file}: header length ${headerLen} exceeds the file`);
  const header = JSON.parse(buf.toString('utf8', 8, 8 + headerLen)) as Record<string, unknown>;
  const dataStart = 8 + headerLen;
  const tensors = new Map<string, NamedArray>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (entry ?? {}) as Record<string, string>;
      continue;
    }
    if (!include(name)) continue;
    const { dtype, shape, data_offsets } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const count = shape.reduce((a, b) => a * b, 1);
    const [begin, end] = data_offsets;
    if (BYTES[dtype] !== undefined && end - begin !== count * BYTES[dtype]) {
      throw new Error(`${file}: tensor "${name}" has ${end - begin} bytes for ${dtype}[${shape}]`);
    }
    tensors.set(name, { shape, data: toFloat32(dtype, buf.subarray(dataStart + begin, dataStart + end), count) });
  }
  return { tensors, metadata };
}

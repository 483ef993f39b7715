/**
 * A protobuf wire-format reader for the few messages berth decodes (BuildKit's build trace): it
 * walks fields by number and wire type and skips what it does not know, so a newer engine's extra
 * fields never break it. Not a general protobuf library: no schema, no packed repeated scalars.
 */
export interface ProtoField {
  readonly number: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  readonly wireType: number;
  /** The varint value (wire type 0), as a bigint so 64-bit values survive. */
  readonly varint?: bigint;
  /** The bytes of a length-delimited field (wire type 2): a string, bytes or a nested message. */
  readonly bytes?: Uint8Array;
}

export class ProtoError extends Error {}

/** The fields of one message, in wire order; throws ProtoError on a truncated or malformed message. */
export function readFields(buffer: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (at >= buffer.length) throw new ProtoError("truncated varint");
      const byte = buffer[at++] as number;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new ProtoError("varint longer than 10 bytes");
  };
  const skip = (count: number) => {
    if (at + count > buffer.length) throw new ProtoError("truncated field");
    at += count;
  };
  while (at < buffer.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new ProtoError("field number 0");
    if (wireType === 0) fields.push({ number, wireType, varint: varint() });
    else if (wireType === 1) skip(8);
    else if (wireType === 5) skip(4);
    else if (wireType === 2) {
      const length = Number(varint());
      const start = at;
      skip(length);
      fields.push({ number, wireType, bytes: buffer.subarray(start, start + length) });
    } else throw new ProtoError(`unsupported wire type ${wireType}`);
  }
  return fields;
}

const utf8 = new TextDecoder();

/** The text of a string field. */
export function text(field: ProtoField | undefined): string {
  return field?.bytes ? utf8.decode(field.bytes) : "";
}

/** The first field of a number, if any. */
export function first(fields: readonly ProtoField[], number: number): ProtoField | undefined {
  return fields.find((field) => field.number === number);
}

/** Every field of a number (a repeated field). */
export function all(fields: readonly ProtoField[], number: number): ProtoField[] {
  return fields.filter((field) => field.number === number);
}

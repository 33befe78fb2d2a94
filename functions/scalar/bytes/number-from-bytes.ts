import type { ParamType, ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { ProcessingError } from '../../../common/errors.ts';

type Reader = (view: DataView, littleEndian: boolean) => unknown;

/** Reads a fixed-width number; the byte order is 'BIG_ENDIAN' (default) or 'LITTLE_ENDIAN'. */
function family(name: string, width: number, returns: ParamType, read: Reader): ScalarFunction {
  const run = (b: Uint8Array, order = 'BIG_ENDIAN'): unknown => {
    if (b.length !== width) {
      throw new ProcessingError(`Number of bytes must be equal to ${width}, but found ${b.length}`);
    }
    const upper = order.toUpperCase();
    if (upper !== 'BIG_ENDIAN' && upper !== 'LITTLE_ENDIAN') throw new ProcessingError(`Byte order must be BIG_ENDIAN or LITTLE_ENDIAN`);
    return read(new DataView(b.buffer, b.byteOffset, b.byteLength), upper === 'LITTLE_ENDIAN');
  };
  return {
    name,
    category: 'BYTES',
    description: `Converts ${width} bytes to a number.`,
    signatures: [
      sig([P.BYTES], returns, (b: Uint8Array) => run(b), { names: ['bytes'] }),
      sig([P.BYTES, P.STRING], returns, run, { names: ['bytes', 'byteOrder'] }),
    ],
  };
}

export const intFromBytes = family('int_from_bytes', 4, P.INTEGER, (v, le) => v.getInt32(0, le));
export const bigintFromBytes = family('bigint_from_bytes', 8, P.BIGINT, (v, le) => v.getBigInt64(0, le));
export const doubleFromBytes = family('double_from_bytes', 8, P.DOUBLE, (v, le) => v.getFloat64(0, le));

import { randomUUID } from 'node:crypto';
import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

function fromBytes(b: Uint8Array): string | null {
  if (b.length !== 16) return null;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const uuid: ScalarFunction = {
  name: 'uuid',
  category: 'STRING',
  description: 'A random UUID, or the UUID text of 16 bytes.',
  signatures: [sig([], P.STRING, () => randomUUID()), sig([P.BYTES], P.STRING, fromBytes, { names: ['bytes'] })],
};

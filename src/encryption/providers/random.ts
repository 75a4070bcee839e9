// Where providers draw nonces, IVs and data keys from; tests pass a fixed source to compare
// against reference outputs.
import { randomBytes } from 'node:crypto';

export type RandomSource = (size: number) => Uint8Array;

export const secureRandom: RandomSource = (size) => randomBytes(size);

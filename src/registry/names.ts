// generateName: the prefix (at most 58 bytes) plus 5 characters from Kubernetes' vowel-free alphabet.
import { randomInt } from 'node:crypto';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_PREFIX = 58;

export function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return prefix.slice(0, MAX_PREFIX) + suffix;
}

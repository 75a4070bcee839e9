import { isIPv4, isIPv6 } from 'node:net';

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(address: string): boolean {
  if (address === 'localhost') return true;
  if (isIPv4(address)) return address.startsWith('127.');
  if (isIPv6(address)) return address === '::1';
  return false;
}

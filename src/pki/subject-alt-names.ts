// Subject alternative names: splitting, comparing, and reading them back from a certificate.
// Reading uses Node's own X509Certificate, so a restart that only checks its certificates does
// not load @peculiar/x509 (about half a second of module loading), which is needed to issue them.
import { X509Certificate } from 'node:crypto';
import { SocketAddress, isIP } from 'node:net';

/** Subject alternative names of a serving certificate, split by kind. */
export interface SubjectAltNames {
  dnsNames: string[];
  ipAddresses: string[];
}

/** Splits names into IP addresses and DNS names (anything that is not an IP). */
export function classifySubjectAltNames(names: readonly string[]): SubjectAltNames {
  names.forEach((name) => {
    if (name.trim() === '') throw new Error('subject alternative name must not be empty');
  });
  return {
    dnsNames: names.filter((name) => isIP(name) === 0),
    ipAddresses: names.filter((name) => isIP(name) !== 0),
  };
}

/**
 * Canonical form for comparing SAN sets: DNS names lower-cased (DNS is case-insensitive),
 * IP addresses in their standard text form (so `0:0::1` equals `::1`), duplicates dropped,
 * each list sorted.
 */
export function normalizeSubjectAltNames(sans: SubjectAltNames): SubjectAltNames {
  const ipAddresses = sans.ipAddresses.map((address) => {
    const family = isIP(address);
    if (family === 0) throw new Error(`not an IP address: ${address}`);
    return new SocketAddress({ address, family: family === 6 ? 'ipv6' : 'ipv4' }).address;
  });
  return {
    dnsNames: sortedUnique(sans.dnsNames.map((name) => name.toLowerCase())),
    ipAddresses: sortedUnique(ipAddresses),
  };
}

/**
 * One `type:value` entry of Node's subjectAltName text. Entries are separated by ", "; a value
 * with characters that would make that ambiguous is written as a JSON string.
 */
const SAN_ENTRY = /([^:,]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/gy;

/** The DNS names and IP addresses a certificate's subjectAltName extension lists. */
export function readSubjectAltNames(certPem: string): SubjectAltNames {
  const text = new X509Certificate(certPem).subjectAltName ?? '';
  const sans: SubjectAltNames = { dnsNames: [], ipAddresses: [] };
  for (const [, type, raw] of text.matchAll(SAN_ENTRY)) {
    const value = raw!.startsWith('"') ? JSON.parse(raw!) as string : raw!;
    if (type === 'DNS') sans.dnsNames.push(value);
    else if (type === 'IP Address') sans.ipAddresses.push(value);
  }
  return sans;
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

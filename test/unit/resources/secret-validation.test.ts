import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateMessage } from '../../../src/machinery/field-errors.js';
import {
  goX509KeyPairError, secretTlsWarnings, validateSecret, validateSecretUpdate, type Secret,
} from '../../../src/resources/secret/validation.js';
import { goJsonObjectError } from '../../../src/machinery/go-json/object-error.js';

const CONFIG_KEY = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const IMMUTABLE = 'field is immutable when `immutable` is set';
const MiB = 1048576;

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const secret = (fields: Partial<Secret> = {}): Secret => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, type: 'Opaque', ...fields,
});

// Fixed test key material (generated once with openssl; never used anywhere else).
const EC_KEY = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIKB8tP+q8Irb0qCei1S6ESCmEiE3D8lVZB2NKQnXFi7xoAoGCCqGSM49
AwEHoUQDQgAEhSC/56hw8YQi5ItR/6u5IvvUAZAON5zychoZxxo2Rc3lW2Pc6m95
v+vx8unfbbHmET+CZ0hbzTqHoP6o2MnexA==
-----END EC PRIVATE KEY-----
`;
const EC_CERT = `-----BEGIN CERTIFICATE-----
MIIBfzCCASWgAwIBAgIUSI1w7DCtwvKxHVdilpv0wSWQbdIwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJYXJjYS10ZXN0MCAXDTI2MTEyODEzNTI1NloYDzIxMjYxMTA0
MTM1MjU2WjAUMRIwEAYDVQQDDAlhcmNhLXRlc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASFIL/nqHDxhCLki1H/q7ki+9QBkA43nPJyGhnHGjZFzeVbY9zqb3m/
6/Hy6d9tseYRP4JnSFvNOoeg/qjYyd7Eo1MwUTAdBgNVHQ4EFgQUuXVy7MWz6GHd
q6GW17STLG/gy8cwHwYDVR0jBBgwFoAUuXVy7MWz6GHdq6GW17STLG/gy8cwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAlewyZ18IeFFhakriCW3O
gZijBxSsUj1VP8QW2XsgC24CIAv/54KaHL2lLhLBpOnaX3ZblGmq9AYnpp0qsMUr
9TKi
-----END CERTIFICATE-----
`;
const EC_KEY_PKCS8 = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgoHy0/6rwitvSoJ6L
VLoRIKYSITcPyVVkHY0pCdcWLvGhRANCAASFIL/nqHDxhCLki1H/q7ki+9QBkA43
nPJyGhnHGjZFzeVbY9zqb3m/6/Hy6d9tseYRP4JnSFvNOoeg/qjYyd7E
-----END PRIVATE KEY-----
`;
const OTHER_EC_KEY = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIFx1nu+/JTwtuP2KNbTmbHXYyYeRtfF8Ar9LVqZbHltFoAoGCCqGSM49
AwEHoUQDQgAEQJyCNFcgdsqE7y02vCeXQ9kudsKvibAWQZ8w6YYSyfXuGZwICtzb
4AqL3CXEiTYIke8BXokkJGreqqID2b+y1Q==
-----END EC PRIVATE KEY-----
`;
const ED25519_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEICsl1JcrBcpKVKPd1okf0Y9yvTuwtFQl10iAEqFd4wwQ
-----END PRIVATE KEY-----
`;
const ED25519_CERT = `-----BEGIN CERTIFICATE-----
MIIBOjCB7aADAgECAhQH0OV7vfmJy6VJscjCoU08yrW/XTAFBgMrZXAwEjEQMA4G
A1UEAwwHYXJjYS1lZDAgFw0yNjExMjgxMzUyNTZaGA8yMTI2MTEwNDEzNTI1Nlow
EjEQMA4GA1UEAwwHYXJjYS1lZDAqMAUGAytlcAMhAE5q/V4uSSPSlJ0puQh/Y/PV
NW+jUalI0iVeYt0TY/pHo1MwUTAdBgNVHQ4EFgQUlYOoXs5wOHDK8T9AdTNaZak9
GqgwHwYDVR0jBBgwFoAUlYOoXs5wOHDK8T9AdTNaZak9GqgwDwYDVR0TAQH/BAUw
AwEB/zAFBgMrZXADQQDhKi5vNXR1FTPCjI8+91OTSw3SqyA7JysWMeU+1KTKPhiG
ZWmaKptKtREeaieBKYhVvoBlSKrir0QEsMF73CcK
-----END CERTIFICATE-----
`;
const RSA_KEY_PKCS1 = `-----BEGIN RSA PRIVATE KEY-----
MIIBOgIBAAJBAM0/zi+4ueE7WhF7I44vnOBtbb9huYnFCWiGymrsjCsSIkh4TfOx
N3xrOJD+VQICVZcoZZvTl3gB7W60vTeXv2MCAwEAAQJBALQrc1pOxNSi3hCEUJTK
1OHpDTK3nUADt5uK3vr3RJ+0y+FD+WoEZiuvbi6Jcxszc7hW1Bg1iIvczhzAlyGa
Z2ECIQDp0lFM6VmSD4+uJ+6w/t3gf/rLqpnxVTQOYxVmOWo/UwIhAOC3sQrUjW1d
WM6I1dHjXg/kI7LErbjWVcSNb+Uq0k2xAiBXDrCok0V/RX34mPOdQPe5i80EIbv5
iAC+zpN8ISp28wIgabcg67Zovi1u7OLErFPpWVJ7VMtf6peyi5/6JvZJL1ECIFQ1
lVWcNM6/QGOJ1OVR2MlK0E3y3/VBpMaq95UrKB5x
-----END RSA PRIVATE KEY-----
`;
const RSA_CERT = `-----BEGIN CERTIFICATE-----
MIIBfzCCASmgAwIBAgIUTg1sEnp9NUE8Z3jKLlGbVZjWsQYwDQYJKoZIhvcNAQEL
BQAwEzERMA8GA1UEAwwIYXJjYS1yc2EwIBcNMjYxMTI4MTM1MjU5WhgPMjEyNjEx
MDQxMzUyNTlaMBMxETAPBgNVBAMMCGFyY2EtcnNhMFwwDQYJKoZIhvcNAQEBBQAD
SwAwSAJBAM0/zi+4ueE7WhF7I44vnOBtbb9huYnFCWiGymrsjCsSIkh4TfOxN3xr
OJD+VQICVZcoZZvTl3gB7W60vTeXv2MCAwEAAaNTMFEwHQYDVR0OBBYEFJzdvg28
P2QwHZivD743btYT4EGUMB8GA1UdIwQYMBaAFJzdvg28P2QwHZivD743btYT4EGU
MA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADQQAcy4etSZkiiIKzARA2
nNiwvg5JM9N3PQ7sRR26Bsl9L28J5sqe88CaPZ5tWc4Zp0DexNgKXbdxBaxUc4Kh
7h+C
-----END CERTIFICATE-----
`;
const X25519_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VuBCIEIEjiwoI2Wav0b2+a82JDjak+qT+FoXvHqP0C9FEdkNVx
-----END PRIVATE KEY-----
`;

describe('validateSecret', () => {
  it('accepts a valid Opaque Secret and an untyped one', () => {
    assert.deepEqual(validateSecret(secret({ data: { password: b64('hunter2'), '.env': '' } })), []);
    assert.deepEqual(validateSecret(secret({ type: undefined })), []);
  });

  it('validates metadata and data keys', () => {
    const errs = validateSecret(secret({ metadata: { name: 's' }, data: { 'a b': b64('x') } }));
    assert.equal(aggregateMessage(errs), `[metadata.namespace: Required value, data[a b]: Invalid value: "a b": ${CONFIG_KEY}]`);
  });

  it('limits decoded data to 1 MiB, reported on data', () => {
    assert.deepEqual(validateSecret(secret({ data: { a: b64(Buffer.alloc(MiB - 1)), b: b64('x') } })), []);
    const errs = validateSecret(secret({ data: { a: b64(Buffer.alloc(MiB)), b: b64('x') } }));
    assert.deepEqual(errs, [{ type: 'FieldValueTooLong', field: 'data', body: 'Too long: may not be more than 1048576 bytes' }]);
    assert.equal(aggregateMessage(errs), 'data: Too long: may not be more than 1048576 bytes');
  });

  it('requires the service account name annotation on service-account-token Secrets', () => {
    const token = secret({ type: 'kubernetes.io/service-account-token' });
    assert.deepEqual(validateSecret(token), [{
      type: 'FieldValueRequired', field: 'metadata.annotations[kubernetes.io/service-account.name]', body: 'Required value',
    }]);
    const named = { ...token, metadata: { ...token.metadata, annotations: { 'kubernetes.io/service-account.name': 'default' } } };
    assert.deepEqual(validateSecret(named), []);
  });

  it('requires docker config keys holding a JSON object', () => {
    assert.equal(aggregateMessage(validateSecret(secret({ type: 'kubernetes.io/dockercfg' }))), 'data[.dockercfg]: Required value');
    assert.equal(aggregateMessage(validateSecret(secret({ type: 'kubernetes.io/dockerconfigjson', data: { other: '' } }))),
      'data[.dockerconfigjson]: Required value');
    assert.deepEqual(validateSecret(secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":{}}') } })), []);
    const bad = validateSecret(secret({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64('xyz') } }));
    assert.deepEqual(bad, [{
      type: 'FieldValueInvalid', field: 'data[.dockercfg]',
      body: `Invalid value: "<secret contents redacted>": invalid character 'x' looking for beginning of value`,
    }]);
    assert.equal(aggregateMessage(validateSecret(secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('[]') } }))),
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}');
  });

  it('requires a username or a password on basic-auth Secrets', () => {
    assert.equal(aggregateMessage(validateSecret(secret({ type: 'kubernetes.io/basic-auth' }))),
      '[data[username]: Required value, data[password]: Required value]');
    assert.deepEqual(validateSecret(secret({ type: 'kubernetes.io/basic-auth', data: { password: '' } })), []);
  });

  it('requires a non-empty ssh-privatekey on ssh-auth Secrets', () => {
    for (const data of [undefined, { 'ssh-privatekey': '' }]) {
      assert.equal(aggregateMessage(validateSecret(secret({ type: 'kubernetes.io/ssh-auth', data }))), 'data[ssh-privatekey]: Required value');
    }
    assert.deepEqual(validateSecret(secret({ type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': b64('k') } })), []);
  });

  it('requires tls.crt and tls.key (each independently) on tls Secrets', () => {
    assert.equal(aggregateMessage(validateSecret(secret({ type: 'kubernetes.io/tls' }))),
      '[data[tls.crt]: Required value, data[tls.key]: Required value]');
    assert.equal(aggregateMessage(validateSecret(secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': '' } }))),
      'data[tls.key]: Required value');
    assert.deepEqual(validateSecret(secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } })), []);
  });

  it('does not validate bootstrap tokens or custom types', () => {
    assert.deepEqual(validateSecret(secret({ type: 'bootstrap.kubernetes.io/token' })), []);
    assert.deepEqual(validateSecret(secret({ type: 'anything goes!' })), []);
  });
});

describe('validateSecretUpdate', () => {
  const stored = secret({ metadata: { name: 's', namespace: 'default', uid: 'u', resourceVersion: '7' }, data: { a: b64('1') } });
  const frozen = { ...stored, immutable: true };

  it('makes type immutable (the documented message)', () => {
    const errs = validateSecretUpdate({ ...stored, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }, stored);
    assert.deepEqual(errs, [{ type: 'FieldValueInvalid', field: 'type', body: 'Invalid value: "kubernetes.io/tls": field is immutable' }]);
  });

  it('forbids un-setting immutable and changing data', () => {
    assert.equal(aggregateMessage(validateSecretUpdate({ ...frozen, immutable: false, data: { a: b64('2') } }, frozen)),
      `[immutable: Forbidden: ${IMMUTABLE}, data: Forbidden: ${IMMUTABLE}]`);
    assert.deepEqual(validateSecretUpdate({ ...frozen, data: { a: b64('1') } }, frozen), []);
  });

  it('counts an explicit data {} as a change only when nothing is stored', () => {
    const empty = secret({ immutable: true });
    assert.equal(aggregateMessage(validateSecretUpdate({ ...empty, data: {} }, empty)), `data: Forbidden: ${IMMUTABLE}`);
    assert.deepEqual(validateSecretUpdate(empty, { ...empty, data: {} }), []);
  });

  it('allows metadata changes on an immutable Secret and lets a mutable one change data', () => {
    const relabelled = { ...frozen, metadata: { ...frozen.metadata, labels: { a: 'b' } } };
    assert.deepEqual(validateSecretUpdate(relabelled, frozen), []);
    assert.deepEqual(validateSecretUpdate({ ...stored, data: { b: b64('2') }, immutable: true }, stored), []);
  });

  it('orders metadata, type, immutability, then the create rules', () => {
    const next = { ...frozen, metadata: { ...frozen.metadata, uid: 'v' }, type: 'kubernetes.io/ssh-auth', data: {} };
    assert.equal(aggregateMessage(validateSecretUpdate(next, frozen)), '[' + [
      'metadata.uid: Invalid value: "v": field is immutable',
      'type: Invalid value: "kubernetes.io/ssh-auth": field is immutable',
      `data: Forbidden: ${IMMUTABLE}`,
      'data[ssh-privatekey]: Required value',
    ].join(', ') + ']');
  });
});

describe('goJsonObjectError (encoding/json into map[string]interface{})', () => {
  const cases: [string, string | undefined][] = [
    ['{"auths":{"r":{"auth":"eA=="}},"n":[1,-2.5e+3,true,null]}', undefined],
    [' null ', undefined],
    ['', 'unexpected end of JSON input'],
    ['   ', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['{"a":"x', 'unexpected end of JSON input'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['{"a":[1 2]}', "invalid character '2' after array element"],
    ['{"a":[1,]}', "invalid character ']' looking for beginning of value"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":fals}', "invalid character '}' in literal false (expecting 'e')"],
    ['{"a":nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['{"a":"\u0001"}', "invalid character '\\x01' in string literal"],
    ['{"a":"\n"}', "invalid character '\\n' in string literal"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a":-}', "invalid character '}' in numeric literal"],
    ['-', "invalid character ' ' in numeric literal"],
    ['[]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['"s"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['12', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
    ['false', 'json: cannot unmarshal bool into Go value of type map[string]interface {}'],
    ['{"a":[1e999]}', 'json: cannot unmarshal number 1e999 into Go value of type float64'],
    ['{"a":1e-999}', undefined],
    ['[1e999]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected ?? 'ok'}`, () => {
      assert.equal(goJsonObjectError(Buffer.from(input)), expected);
    });
  }

  it('quotes non-ASCII bytes as Go runes', () => {
    assert.equal(goJsonObjectError(Buffer.from([0xff])), "invalid character 'ÿ' looking for beginning of value");
    assert.equal(goJsonObjectError(Buffer.from([0x80])), "invalid character '\\u0080' looking for beginning of value");
  });

  it('stops at 10000 levels of nesting', () => {
    assert.equal(goJsonObjectError(Buffer.from('['.repeat(10000))), 'unexpected end of JSON input');
    assert.equal(goJsonObjectError(Buffer.from('{"a":' + '['.repeat(10000))), "invalid character '[' exceeded max depth");
  });
});

describe('secretTlsWarnings (crypto/tls X509KeyPair texts)', () => {
  const tls = (cert: string | undefined, key: string | undefined, type = 'kubernetes.io/tls') => secret({
    type,
    data: { ...(cert === undefined ? {} : { 'tls.crt': b64(cert) }), ...(key === undefined ? {} : { 'tls.key': b64(key) }) },
  });

  it('accepts matching pairs of every supported key kind and encoding', () => {
    assert.deepEqual(secretTlsWarnings(tls(EC_CERT, EC_KEY)), []);
    assert.deepEqual(secretTlsWarnings(tls(EC_CERT, EC_KEY_PKCS8)), []);
    assert.deepEqual(secretTlsWarnings(tls(RSA_CERT, RSA_KEY_PKCS1)), []);
    assert.deepEqual(secretTlsWarnings(tls(ED25519_CERT, ED25519_KEY)), []);
    assert.deepEqual(secretTlsWarnings(tls('junk before\n' + EC_CERT + 'junk after', '# comment\n' + EC_KEY)), []);
  });

  it('only looks at kubernetes.io/tls Secrets', () => {
    assert.deepEqual(secretTlsWarnings(tls(undefined, undefined, 'Opaque')), []);
  });

  it('reports missing PEM data', () => {
    assert.deepEqual(secretTlsWarnings(tls(undefined, undefined)), ['tls: failed to find any PEM data in certificate input']);
    assert.deepEqual(secretTlsWarnings(tls(EC_CERT, '')), ['tls: failed to find any PEM data in key input']);
    assert.deepEqual(secretTlsWarnings(tls('not pem', EC_KEY)), ['tls: failed to find any PEM data in certificate input']);
  });

  it('reports a mismatched pair', () => {
    assert.deepEqual(secretTlsWarnings(tls(EC_CERT, OTHER_EC_KEY)), ['tls: private key does not match public key']);
    assert.deepEqual(secretTlsWarnings(tls(EC_CERT, ED25519_KEY)), ['tls: private key type does not match public key type']);
  });

  it('recognises swapped and misplaced blocks', () => {
    assert.equal(goX509KeyPairError(Buffer.from(EC_KEY), Buffer.from(EC_CERT)),
      'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    assert.equal(goX509KeyPairError(Buffer.from(EC_CERT), Buffer.from(EC_CERT)),
      'tls: found a certificate rather than a key in the PEM for the private key');
    assert.equal(goX509KeyPairError(Buffer.from(EC_KEY + EC_KEY), Buffer.from(EC_KEY)),
      'tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [EC PRIVATE KEY EC PRIVATE KEY]');
    assert.equal(goX509KeyPairError(Buffer.from(EC_CERT), Buffer.from(EC_CERT + EC_CERT)),
      'tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [CERTIFICATE CERTIFICATE]');
  });

  it('reports unparseable certificates and keys', () => {
    const junk = (type: string) => `-----BEGIN ${type}-----\nAAECAwQ=\n-----END ${type}-----\n`;
    assert.equal(goX509KeyPairError(Buffer.from(junk('CERTIFICATE')), Buffer.from(EC_KEY)), 'x509: malformed certificate');
    assert.equal(goX509KeyPairError(Buffer.from(EC_CERT), Buffer.from(junk('PRIVATE KEY'))), 'tls: failed to parse private key');
    assert.equal(goX509KeyPairError(Buffer.from(EC_CERT), Buffer.from(X25519_KEY)), 'tls: found unknown private key type in PKCS#8 wrapping');
  });

  it('skips PEM blocks that Go would not decode', () => {
    const badBase64 = '-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n';
    const unterminated = '-----BEGIN CERTIFICATE-----\nAAAA\n';
    assert.equal(goX509KeyPairError(Buffer.from(badBase64 + unterminated), Buffer.from(EC_KEY)),
      'tls: failed to find any PEM data in certificate input');
  });
});

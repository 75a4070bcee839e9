// Bad input never crashes the server and never changes what is stored: a batch of malformed
// requests, each answered with its exact Status, then every stored object compared to before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startArcaServerProcess, type ArcaProcess } from '../helpers/arca-process.js';
import { rawRequest } from '../helpers/http.js';

let arca: ArcaProcess;
before(async () => {
  arca = await startArcaServerProcess();
  await rawRequest(arca.url, 'POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'keep' }, data: { a: 'b' } }));
  await rawRequest(arca.url, 'POST', '/api/v1/namespaces/default/secrets', JSON.stringify({ metadata: { name: 'keep' }, data: { a: 'Yg==' } }));
});
after(async () => { await arca.cleanup(); });

const CM = '/api/v1/namespaces/default/configmaps';

interface Case { name: string; method: string; path: string; body?: string | Buffer; headers?: Record<string, string>; code: number; reason?: string; message: string }

const cases: Case[] = [
  { name: 'malformed JSON', method: 'POST', path: CM, body: '{"metadata": {"name": "x"', code: 400, reason: 'BadRequest',
    message: 'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"metadata": {"name": "x")' },
  { name: 'wrong apiVersion', method: 'POST', path: CM, body: '{"apiVersion":"v2","kind":"ConfigMap","metadata":{"name":"x"}}', code: 400, reason: 'BadRequest',
    message: 'the API version in the data (v2) does not match the expected API version (v1)' },
  { name: 'name mismatch on PUT', method: 'PUT', path: `${CM}/keep`, body: '{"metadata":{"name":"other"},"data":{}}', code: 400, reason: 'BadRequest',
    message: 'the name of the object (other) does not match the name on the URL (keep)' },
  { name: 'namespace mismatch', method: 'POST', path: CM, body: '{"metadata":{"name":"x","namespace":"kube-system"}}', code: 400, reason: 'BadRequest',
    message: 'the namespace of the provided object does not match the namespace sent on the request' },
  { name: 'body over 3 MiB', method: 'POST', path: CM, body: Buffer.alloc(3 * 1024 * 1024 + 1, 'a'), code: 413, reason: 'RequestEntityTooLarge',
    message: 'Request entity too large: limit is 3145728' },
  { name: 'invalid label selector', method: 'GET', path: `${CM}?labelSelector=a%20in%20(b`, code: 400, reason: 'BadRequest',
    message: 'unable to parse requirement: found \'\', expected: \',\' or \')\'' },
  { name: 'invalid field selector', method: 'GET', path: `${CM}?fieldSelector=a`, code: 400, reason: 'BadRequest',
    message: 'invalid selector: \'a\'; can\'t understand \'a\'' },
  { name: 'bad limit', method: 'GET', path: `${CM}?limit=abc`, code: 400, reason: 'BadRequest',
    message: 'strconv.ParseInt: parsing "abc": invalid syntax' },
  { name: 'bad resourceVersionMatch', method: 'GET', path: `${CM}?resourceVersion=1&resourceVersionMatch=Newest`, code: 422, reason: 'Invalid',
    message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""' },
  { name: 'bad dryRun', method: 'POST', path: `${CM}?dryRun=Some`, body: '{"metadata":{"name":"x"}}', code: 422, reason: 'Invalid',
    message: 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"' },
  { name: 'unknown media type', method: 'POST', path: CM, body: 'x', headers: { 'Content-Type': 'text/plain' }, code: 415, reason: 'UnsupportedMediaType',
    message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf' },
  { name: 'corrupt protobuf', method: 'POST', path: CM, body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0xff, 0xff]), headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' }, code: 400, reason: 'BadRequest',
    message: 'the object provided is unrecognized (must be of type ConfigMap): unexpected EOF (6b387300ffff)' },
  { name: 'resourceVersion on create', method: 'POST', path: CM, body: '{"metadata":{"name":"x","resourceVersion":"5"}}', code: 500,
    message: 'resourceVersion should not be set on objects to be created' },
  { name: 'invalid name', method: 'POST', path: CM, body: '{"metadata":{"name":"Bad_Name"}}', code: 422, reason: 'Invalid',
    message: 'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')' },
  { name: 'strict unknown field', method: 'POST', path: `${CM}?fieldValidation=Strict`, body: '{"metadata":{"name":"x"},"dta":{}}', code: 400, reason: 'BadRequest',
    message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dta"' },
  { name: 'wrong value type', method: 'POST', path: CM, body: '{"metadata":{"name":"x"},"data":{"a":1}}', code: 400, reason: 'BadRequest',
    message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string' },
  { name: 'unsupported patch type', method: 'PATCH', path: `${CM}/keep`, body: '{}', headers: { 'Content-Type': 'application/json' }, code: 415, reason: 'UnsupportedMediaType',
    message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml' },
  { name: 'json patch test failure', method: 'PATCH', path: `${CM}/keep`, body: '[{"op":"test","path":"/data/a","value":"zzz"}]', headers: { 'Content-Type': 'application/json-patch+json' }, code: 422, reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request' },
  { name: 'unrouted path', method: 'GET', path: '/api/v1/widgets', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' },
];

describe('bad input', () => {
  it('answers each malformed request with its Status and changes nothing stored', async () => {
    const snapshot = async () => {
      const cms = await rawRequest(arca.url, 'GET', CM);
      const secrets = await rawRequest(arca.url, 'GET', '/api/v1/namespaces/default/secrets');
      return JSON.stringify([cms.json().items, secrets.json().items]);
    };
    const before = await snapshot();
    for (const c of cases) {
      const res = await rawRequest(arca.url, c.method, c.path, c.body, c.headers);
      assert.equal(res.status, c.code, `${c.name}: ${res.text}`);
      const status = res.json();
      assert.equal(status.kind, 'Status', c.name);
      assert.equal(status.status, 'Failure', c.name);
      assert.equal(status.reason, c.reason, c.name);
      assert.equal(status.message, c.message, c.name);
    }
    assert.equal(await snapshot(), before);
    const health = await rawRequest(arca.url, 'GET', '/healthz');
    assert.equal(health.text, 'ok');
  });
});

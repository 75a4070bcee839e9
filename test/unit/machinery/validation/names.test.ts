import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue,
  nameIsDNSLabel, nameIsDNSSubdomain, regexError, validatePathSegmentName,
} from '../../../../src/machinery/validation/names.js';

// Exact Kubernetes texts (kubernetes-semantics.md §1.2), written out rather than rebuilt.
const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const CONFIG_KEY = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const QUALIFIED_MANY_SLASHES = "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('regexError', () => {
  it('formats no, one and several examples like Kubernetes', () => {
    assert.equal(regexError('bad', 'x+'), "bad (regex used for validation is 'x+')");
    assert.equal(regexError('bad', 'x+', 'x'), "bad (e.g. 'x', regex used for validation is 'x+')");
    assert.equal(regexError('bad', 'x+', 'x', 'xx'), "bad (e.g. 'x',  or 'xx', regex used for validation is 'x+')");
  });
});

describe('isDNS1123Subdomain', () => {
  it('accepts subdomains up to 253 bytes', () => {
    assert.deepEqual(isDNS1123Subdomain('example.com'), []);
    assert.deepEqual(isDNS1123Subdomain('a'.repeat(253)), []);
    assert.deepEqual(isDNS1123Subdomain('0-a.b-1'), []);
  });
  it('rejects bad characters, edges and empty labels', () => {
    for (const value of ['Foo', '-a', 'a-', 'a..b', '.a', 'a_b', '', 'a b']) {
      assert.deepEqual(isDNS1123Subdomain(value), [SUBDOMAIN], value);
    }
  });
  it('reports length and format separately, counting bytes', () => {
    assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
    assert.deepEqual(isDNS1123Subdomain('é'.repeat(127)), ['must be no more than 253 characters', SUBDOMAIN]);
  });
});

describe('isDNS1123Label', () => {
  it('accepts labels up to 63 bytes', () => {
    assert.deepEqual(isDNS1123Label('my-name'), []);
    assert.deepEqual(isDNS1123Label('a'.repeat(63)), []);
  });
  it('says "must not contain dots" when the value is a valid subdomain', () => {
    assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
    assert.deepEqual(isDNS1123Label('a.' + 'b'.repeat(62)), ['must be no more than 63 characters', 'must not contain dots']);
  });
  it('gives the label regex message otherwise', () => {
    assert.deepEqual(isDNS1123Label('A'), [LABEL]);
    assert.deepEqual(isDNS1123Label('a.B'), [LABEL]);
    assert.deepEqual(isDNS1123Label(''), [LABEL]);
    assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  });
});

describe('isQualifiedName', () => {
  it('accepts names with and without a prefix', () => {
    assert.deepEqual(isQualifiedName('app'), []);
    assert.deepEqual(isQualifiedName('example.com/My_App.v1'), []);
    assert.deepEqual(isQualifiedName('a'.repeat(63)), []);
  });
  it('rejects more than one slash with a single message', () => {
    assert.deepEqual(isQualifiedName('a/b/c'), [QUALIFIED_MANY_SLASHES]);
  });
  it('checks the prefix as a DNS subdomain', () => {
    assert.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
    assert.deepEqual(isQualifiedName('Example.com/a'), ['prefix part ' + SUBDOMAIN]);
  });
  it('checks the name part', () => {
    assert.deepEqual(isQualifiedName('example.com/'), ['name part must be non-empty', NAME_PART]);
    assert.deepEqual(isQualifiedName(''), ['name part must be non-empty', NAME_PART]);
    assert.deepEqual(isQualifiedName('a'.repeat(64)), ['name part must be no more than 63 characters']);
    assert.deepEqual(isQualifiedName('-a'), [NAME_PART]);
    assert.deepEqual(isQualifiedName('Bad_/x y'), ['prefix part ' + SUBDOMAIN, NAME_PART]);
  });
});

describe('isValidLabelValue', () => {
  it('accepts empty and qualified-name-like values', () => {
    assert.deepEqual(isValidLabelValue(''), []);
    assert.deepEqual(isValidLabelValue('My.value_1'), []);
  });
  it('rejects other values', () => {
    assert.deepEqual(isValidLabelValue('a b'), [LABEL_VALUE]);
    assert.deepEqual(isValidLabelValue('a'.repeat(64)), ['must be no more than 63 characters']);
  });
});

describe('isConfigMapKey', () => {
  it('accepts keys made of alphanumerics, dash, underscore and dot', () => {
    assert.deepEqual(isConfigMapKey('.env'), []);
    assert.deepEqual(isConfigMapKey('KEY_name-1.txt'), []);
    assert.deepEqual(isConfigMapKey('a'.repeat(253)), []);
  });
  it('rejects other characters and empty keys', () => {
    assert.deepEqual(isConfigMapKey('a b'), [CONFIG_KEY]);
    assert.deepEqual(isConfigMapKey('a/b'), [CONFIG_KEY]);
    assert.deepEqual(isConfigMapKey(''), [CONFIG_KEY]);
  });
  it('rejects . and .. and keys starting with ..', () => {
    assert.deepEqual(isConfigMapKey('.'), ["must not be '.'"]);
    assert.deepEqual(isConfigMapKey('..'), ["must not be '..'"]);
    assert.deepEqual(isConfigMapKey('..data'), ["must not start with '..'"]);
  });
  it('limits keys to 253 bytes', () => {
    assert.deepEqual(isConfigMapKey('a'.repeat(254)), ['must be no more than 253 characters']);
  });
});

describe('validatePathSegmentName', () => {
  it('rejects . and .. as names but not as prefixes', () => {
    assert.deepEqual(validatePathSegmentName('.', false), ["may not be '.'"]);
    assert.deepEqual(validatePathSegmentName('..', false), ["may not be '..'"]);
    assert.deepEqual(validatePathSegmentName('..', true), []);
  });
  it('rejects / and % anywhere', () => {
    assert.deepEqual(validatePathSegmentName('a/b%c', false), ["may not contain '/'", "may not contain '%'"]);
    assert.deepEqual(validatePathSegmentName('a%', true), ["may not contain '%'"]);
    assert.deepEqual(validatePathSegmentName('Any_Thing.ok', false), []);
  });
});

describe('name validators in generateName prefix mode', () => {
  it('allow a trailing dash only in prefix mode', () => {
    assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
    assert.deepEqual(nameIsDNSSubdomain('web-', false), [SUBDOMAIN]);
    assert.deepEqual(nameIsDNSLabel('team-', true), []);
    assert.deepEqual(nameIsDNSLabel('team-', false), [LABEL]);
  });
  it('replace the last two characters with "a" (the Kubernetes quirk)', () => {
    assert.deepEqual(nameIsDNSSubdomain('ab.-', true), []); // checked as "aba"
    assert.deepEqual(nameIsDNSSubdomain('Ab-', true), [SUBDOMAIN]); // checked as "Aa"
    assert.deepEqual(nameIsDNSLabel('a.b-', true), ['must not contain dots']); // checked as "a.a"
    assert.deepEqual(nameIsDNSSubdomain('a'.repeat(253) + '-', true), []); // 254 bytes, checked as 253
  });
  it('cut bytes, not characters, before the dash', () => {
    // Go leaves half of "é" behind, which fails; dropping the whole character would pass.
    assert.deepEqual(nameIsDNSSubdomain('é-', true), [SUBDOMAIN]);
  });
  it('leave a lone dash unmasked', () => {
    assert.deepEqual(nameIsDNSSubdomain('-', true), [SUBDOMAIN]);
  });
  it('validate names without masking', () => {
    assert.deepEqual(nameIsDNSSubdomain('my.config', false), []);
    assert.deepEqual(nameIsDNSLabel('my.ns', false), ['must not contain dots']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanPath, localNonReservedPathErrors, payloadPathError } from '../../../src/agent/payload-path.js';

describe('cleanPath (Go filepath.Clean)', () => {
  const cases: Array<[string, string]> = [
    ['a', 'a'],
    ['config/app.yml', 'config/app.yml'],
    ['a//b', 'a/b'],
    ['./a', 'a'],
    ['a/./b/', 'a/b'],
    ['a/b/../c', 'a/c'],
    ['a/..', '.'],
    ['../a', '../a'],
    ['', '.'],
    ['/a/../..', '/'],
    ['//a', '/a'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(cleanPath(input), expected));
  }
});

describe('payloadPathError (the atomic writer check)', () => {
  const accepted = ['a', 'config/app.yml', 'a..b', '.a', 'a/..b', 'x/..data', 'a//b', './a', '.'];
  for (const path of accepted) {
    it(`accepts ${JSON.stringify(path)}`, () => assert.equal(payloadPathError(path), undefined));
  }

  const rejected: Array<[string, string]> = [
    ['', 'invalid path: must not be empty: ""'],
    ['/etc/passwd', 'invalid path: must be relative path: /etc/passwd'],
    ['a/../b', "invalid path: must not contain '..': a/../b"],
    ['../a', "invalid path: must not contain '..': ../a"],
    ['..', "invalid path: must not contain '..': .."],
    ['..data', "invalid path: must not start with '..': ..data"],
    ['..2024_05_01_10_00_00.1/x', "invalid path: must not start with '..': ..2024_05_01_10_00_00.1/x"],
    ['x'.repeat(256), 'invalid path: filenames must be less than or equal to 255 characters'],
    [`a/${'é'.repeat(128)}`, 'invalid path: filenames must be less than or equal to 255 characters'],
    [Array.from({ length: 17 }, () => 'y'.repeat(255)).join('/'), 'invalid path: must be less than or equal to 4096 characters'],
  ];
  for (const [path, expected] of rejected) {
    it(`rejects ${JSON.stringify(path.slice(0, 40))} with ${JSON.stringify(expected)}`, () => {
      assert.equal(payloadPathError(path), expected);
    });
  }

  it('allows exactly 255-byte names and 4096-byte paths', () => {
    assert.equal(payloadPathError('x'.repeat(255)), undefined);
    const path = Array.from({ length: 16 }, () => 'y'.repeat(255)).join('/') + '/' + 'z'.repeat(4096 - 16 * 256);
    assert.equal(path.length, 4096);
    assert.equal(payloadPathError(path), undefined);
  });
});

describe('localNonReservedPathErrors (the API check on item paths)', () => {
  const cases: Array<[string, string[]]> = [
    ['config/app.yml', []],
    ['/abs', ['must be a relative path']],
    ['a/../b', ["must not contain '..'"]],
    ['../a', ["must not contain '..'"]],
    ['..', ["must not contain '..'", "must not start with '..'"]],
    ['..foo', ["must not start with '..'"]],
    ['/../x', ['must be a relative path', "must not contain '..'"]],
  ];
  for (const [path, expected] of cases) {
    it(`${JSON.stringify(path)} → ${JSON.stringify(expected)}`, () => assert.deepEqual(localNonReservedPathErrors(path), expected));
  }
});

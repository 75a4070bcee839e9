import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTokenFile, tokenFileAuthenticator } from '../../../src/auth/token-file.js';

describe('parseTokenFile', () => {
  it('reads token,user,uid and the quoted group list', () => {
    const { users, warnings } = parseTokenFile('s3cret,jane,uid-1,"devs,qa"\nt0ken,bob,uid-2\n', '/etc/tokens.csv');
    assert.deepEqual([...users], [
      ['s3cret', { username: 'jane', uid: 'uid-1', groups: ['devs', 'qa'] }],
      ['t0ken', { username: 'bob', uid: 'uid-2', groups: [] }],
    ]);
    assert.deepEqual(warnings, []);
  });

  it('skips empty tokens and lets a duplicate win, with Kubernetes\' warnings', () => {
    const { users, warnings } = parseTokenFile(',nobody,0\nt,first,1\nt,second,2,ops,ignored\n', 'f.csv');
    assert.deepEqual([...users], [['t', { username: 'second', uid: '2', groups: ['ops'] }]]);
    assert.deepEqual(warnings, [
      "empty token has been found in token file 'f.csv', record number '1'",
      "duplicate token has been found in token file 'f.csv', record number '3'",
    ]);
  });

  it('refuses records with fewer than 3 columns', () => {
    assert.throws(() => parseTokenFile('t,jane\n', 'f.csv'), {
      message: "token file 'f.csv' must have at least 3 columns (token, user name, user uid), found 2",
    });
  });
});

describe('tokenFileAuthenticator', () => {
  it('knows only the listed tokens', async () => {
    const authenticate = tokenFileAuthenticator(parseTokenFile('s3cret,jane,uid-1,devs\n', 'f').users);
    assert.deepEqual(await authenticate('s3cret', []), { user: { username: 'jane', uid: 'uid-1', groups: ['devs'] }, audiences: [] });
    assert.equal(await authenticate('other', []), undefined);
  });
});

// Static bearer tokens from a CSV file (kube-apiserver --token-auth-file):
// `token,user name,user uid[,"group1,group2"]` per line; more columns are ignored.
import { readFile } from 'node:fs/promises';
import { parseCsv } from '../machinery/go-csv.js';
import type { TokenAuthenticator } from './token-authenticator.js';
import type { UserInfo } from './user.js';

export interface TokenFileContents {
  users: Map<string, UserInfo>;
  /** Records Kubernetes skips or overrides, with its warning text. */
  warnings: string[];
}

export function parseTokenFile(text: string, path: string): TokenFileContents {
  const users = new Map<string, UserInfo>();
  const warnings: string[] = [];
  let recordNumber = 0;
  for (const record of parseCsv(text)) {
    if (record.length < 3) {
      throw new Error(`token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`);
    }
    recordNumber++;
    const [token, username, uid] = record as [string, string, string];
    if (token === '') {
      warnings.push(`empty token has been found in token file '${path}', record number '${recordNumber}'`);
      continue;
    }
    if (users.has(token)) warnings.push(`duplicate token has been found in token file '${path}', record number '${recordNumber}'`);
    const user: UserInfo = { username, uid, groups: record.length >= 4 ? record[3]!.split(',') : [] };
    users.set(token, user);
  }
  return { users, warnings };
}

export async function loadTokenFile(path: string): Promise<TokenFileContents> {
  return parseTokenFile(await readFile(path, 'utf8'), path);
}

/** Known tokens name their user; unknown ones are not this authenticator's (no error). */
export function tokenFileAuthenticator(users: ReadonlyMap<string, UserInfo>): TokenAuthenticator {
  return (token) => {
    const user = users.get(token);
    return Promise.resolve(user ? { user, audiences: [] } : undefined);
  };
}

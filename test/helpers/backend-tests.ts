// `describe` and `it` for suites that `npm test` runs once more on etcd (ARCA_TEST_BACKEND=etcd): there every
// title ends in ' [etcd]', since the failure summary names only the test and its file, the same in both passes.
import { describe as nodeDescribe, it as nodeIt } from 'node:test';
import { defaultBackend } from './arca-process.js';

function onDefaultBackend(title: string): string {
  return defaultBackend === 'etcd' ? `${title} [etcd]` : title;
}

export function describe(title: string, body: () => void): void {
  void nodeDescribe(onDefaultBackend(title), body);
}

export function it(title: string, body: () => void | Promise<void>): void {
  void nodeIt(onDefaultBackend(title), body);
}

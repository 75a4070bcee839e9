// @kubernetes/client-node pointed at a test server (plain HTTP needs skipTLSVerify in this client).
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';

export function kubeConfigFor(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'arca', server, skipTLSVerify: true }],
    users: [{ name: 'tester' }],
    contexts: [{ name: 'arca', cluster: 'arca', user: 'tester', namespace: 'default' }],
    currentContext: 'arca',
  });
  return kc;
}

export function coreApi(server: string): CoreV1Api {
  return kubeConfigFor(server).makeApiClient(CoreV1Api);
}

/** Runs a client call expected to fail; returns the HTTP code and the parsed Status body. */
export async function expectApiError(call: () => Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await call();
  } catch (e) {
    if (e instanceof ApiException) {
      const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
      return { code: e.code, body };
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

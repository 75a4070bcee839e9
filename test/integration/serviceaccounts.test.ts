// ServiceAccounts and bearer tokens end to end, with the real kubectl against `arca up`: the
// default service account in every namespace, `kubectl create token` and using the token,
// static token file users, legacy token Secrets, and anonymous requests.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { startArcaUpProcess, tempDir, type ArcaUpProcess } from '../helpers/arca-process.js';
import { eventually } from '../helpers/eventually.js';
import { assertFailure, assertLines, assertSuccess, createKubectl, type Kubectl } from '../helpers/kubectl.js';

const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const UNAUTHORIZED = 'error: You must be logged in to the server (Unauthorized)\n';
const AGE = String.raw`(\d+s|\d+m\d*s?)`;

interface HttpsAnswer { status: number; body: string }

/** One HTTPS request without a client certificate (kubectl cannot send none: it prompts for a user). */
function httpsRequest(url: string, ca: string, method: string, headers: Record<string, string> = {}, body?: string): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, headers: body ? { 'Content-Type': 'application/json', ...headers } : headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const unauthorizedStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };
const selfSubjectReview = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

describe('service accounts and tokens (kubectl against arca up)', () => {
  const dataDir = tempDir('arca-sa-');
  const tokenFile = join(tempDir('arca-sa-tokens-'), 'tokens.csv');
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  let ca: string;

  /** A kubeconfig that authenticates with `token` only (no client certificate). */
  const withToken = (token: string) => {
    const config = parse(readFileSync(arca.kubeconfig, 'utf8'));
    config.users = [{ name: 'arca-admin', user: { token } }];
    return kubectl.file(`token-${Math.random().toString(36).slice(2)}.kubeconfig`, stringify(config));
  };
  const whoami = (token: string) => kubectl.run(['auth', 'whoami'], { kubeconfig: withToken(token) });
  const serviceAccountUid = async (namespace: string, name: string) =>
    (await kubectl.run(['get', 'sa', name, '-n', namespace, '-o', 'jsonpath={.metadata.uid}'])).stdout;

  before(async () => {
    writeFileSync(tokenFile, 'jane-s3cret,jane,uid-jane,"devs,qa"\nbob-t0ken,bob,uid-bob\n');
    arca = await startArcaUpProcess({ dataDir, args: ['--token-auth-file', tokenFile] });
    kubectl = createKubectl(arca.kubeconfig);
    ca = readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8');
    assertSuccess(await kubectl.run(['create', 'namespace', 'team-a']), 'namespace/team-a created\n');
  });
  after(async () => {
    await arca?.stop();
    kubectl?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(join(tokenFile, '..'), { recursive: true, force: true });
  });

  it('gives every namespace a default service account', async () => {
    await eventually(async () => assertLines((await kubectl.run(['get', 'sa', '-A'])).stdout, [
      /^NAMESPACE +NAME +SECRETS +AGE$/,
      new RegExp(`^default +default +0 +${AGE}$`),
      new RegExp(`^kube-node-lease +default +0 +${AGE}$`),
      new RegExp(`^kube-public +default +0 +${AGE}$`),
      new RegExp(`^kube-system +default +0 +${AGE}$`),
      new RegExp(`^team-a +default +0 +${AGE}$`),
    ]));
  });

  it('recreates the default service account when it is deleted', async () => {
    const before = await serviceAccountUid('team-a', 'default');
    assertSuccess(await kubectl.run(['delete', 'sa', 'default', '-n', 'team-a']), 'serviceaccount "default" deleted\n');
    await eventually(async () => {
      const after = await serviceAccountUid('team-a', 'default');
      assert.match(after, /^[0-9a-f-]{36}$/);
      assert.notEqual(after, before);
    });
  });

  it('creates and lists service accounts', async () => {
    assertSuccess(await kubectl.run(['create', 'serviceaccount', 'builder', '-n', 'team-a']), 'serviceaccount/builder created\n');
    const get = await kubectl.run(['get', 'sa', 'builder', '-n', 'team-a']);
    assert.equal(get.stderr, '');
    assertLines(get.stdout, [/^NAME +SECRETS +AGE$/, new RegExp(`^builder +0 +${AGE}$`)]);
    assertSuccess(await kubectl.run(['get', 'sa', '-n', 'team-a', '-o', 'name', '--field-selector', 'metadata.name=builder']), 'serviceaccount/builder\n');
    assertFailure(await kubectl.run(['create', 'serviceaccount', 'Builder', '-n', 'team-a']),
      'error: failed to create serviceaccount: ServiceAccount "Builder" is invalid: metadata.name: Invalid value: "Builder": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')\n');
  });

  it('issues tokens with kubectl create token that authenticate as the service account', async () => {
    const created = await kubectl.run(['create', 'token', 'builder', '-n', 'team-a', '--duration=20m']);
    assert.equal(created.stderr, '');
    // kubectl prints the token alone, without a newline.
    assert.match(created.stdout, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const token = created.stdout;
    const claims = claimsOf(token);
    const uid = await serviceAccountUid('team-a', 'builder');
    assert.deepEqual({ ...claims, exp: claims.exp - claims.iat, iat: 0, nbf: claims.nbf - claims.iat, jti: typeof claims.jti }, {
      aud: [ISSUER], exp: 1200, iat: 0, iss: ISSUER, jti: 'string',
      'kubernetes.io': { namespace: 'team-a', serviceaccount: { name: 'builder', uid } }, nbf: 0, sub: 'system:serviceaccount:team-a:builder',
    });
    assertSuccess(await whoami(token), [
      'ATTRIBUTE                                           VALUE',
      'Username                                            system:serviceaccount:team-a:builder',
      `UID                                                 ${uid}`,
      'Groups                                              [system:serviceaccounts system:serviceaccounts:team-a system:authenticated]',
      `Extra: authentication.kubernetes.io/credential-id   [JTI=${claims.jti}]`,
      '',
    ].join('\n'));
  });

  it('lasts an hour by default and refuses durations under 10 minutes', async () => {
    const token = (await kubectl.run(['create', 'token', 'builder', '-n', 'team-a'])).stdout;
    const claims = claimsOf(token);
    assert.equal(claims.exp - claims.iat, 3600);
    assertFailure(await kubectl.run(['create', 'token', 'builder', '-n', 'team-a', '--duration=5m']),
      'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n');
    assertFailure(await kubectl.run(['create', 'token', 'ghost', '-n', 'team-a']),
      'error: failed to create token: serviceaccounts "ghost" not found\n');
  });

  it('stops accepting the tokens of a deleted service account, even once one by that name is back', async () => {
    assertSuccess(await kubectl.run(['create', 'serviceaccount', 'doomed', '-n', 'team-a']), 'serviceaccount/doomed created\n');
    const token = (await kubectl.run(['create', 'token', 'doomed', '-n', 'team-a'])).stdout;
    assert.equal((await whoami(token)).code, 0);
    assertSuccess(await kubectl.run(['delete', 'sa', 'doomed', '-n', 'team-a']), 'serviceaccount "doomed" deleted\n');
    assertFailure(await whoami(token), UNAUTHORIZED);
    assertSuccess(await kubectl.run(['create', 'serviceaccount', 'doomed', '-n', 'team-a']), 'serviceaccount/doomed created\n');
    assertFailure(await whoami(token), UNAUTHORIZED);
  });

  it('authenticates static token file users, in their groups', async () => {
    assertSuccess(await whoami('jane-s3cret'), [
      'ATTRIBUTE   VALUE',
      'Username    jane',
      'UID         uid-jane',
      'Groups      [devs qa system:authenticated]',
      '',
    ].join('\n'));
    assertSuccess(await whoami('bob-t0ken'), [
      'ATTRIBUTE   VALUE',
      'Username    bob',
      'UID         uid-bob',
      'Groups      [system:authenticated]',
      '',
    ].join('\n'));
    assertFailure(await whoami('not-a-known-token'), UNAUTHORIZED);
  });

  it('fills in legacy token Secrets, accepts their tokens, and deletes them with their service account', async () => {
    assertSuccess(await kubectl.run(['create', 'serviceaccount', 'legacy', '-n', 'team-a']), 'serviceaccount/legacy created\n');
    const uid = await serviceAccountUid('team-a', 'legacy');
    kubectl.file('legacy-token.yaml', stringify({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
      metadata: { name: 'legacy-token', namespace: 'team-a', annotations: { 'kubernetes.io/service-account.name': 'legacy' } },
    }));
    assertSuccess(await kubectl.run(['create', '-f', 'legacy-token.yaml']), 'secret/legacy-token created\n');
    const secret = await eventually(async () => {
      const got = JSON.parse((await kubectl.run(['get', 'secret', 'legacy-token', '-n', 'team-a', '-o', 'json'])).stdout);
      assert.deepEqual(Object.keys(got.data ?? {}).sort(), ['ca.crt', 'namespace', 'token']);
      return got;
    });
    const decoded = (key: string) => Buffer.from(secret.data[key], 'base64').toString('utf8');
    assert.equal(decoded('ca.crt'), ca);
    assert.equal(decoded('namespace'), 'team-a');
    assert.equal(secret.metadata.annotations['kubernetes.io/service-account.uid'], uid);
    const token = decoded('token');
    assert.deepEqual(claimsOf(token), {
      iss: 'kubernetes/serviceaccount',
      'kubernetes.io/serviceaccount/namespace': 'team-a',
      'kubernetes.io/serviceaccount/secret.name': 'legacy-token',
      'kubernetes.io/serviceaccount/service-account.name': 'legacy',
      'kubernetes.io/serviceaccount/service-account.uid': uid,
      sub: 'system:serviceaccount:team-a:legacy',
    });
    assertSuccess(await whoami(token), [
      'ATTRIBUTE   VALUE',
      'Username    system:serviceaccount:team-a:legacy',
      `UID         ${uid}`,
      'Groups      [system:serviceaccounts system:serviceaccounts:team-a system:authenticated]',
      '',
    ].join('\n'));
    await eventually(async () => assertSuccess(
      await kubectl.run(['get', 'secret', 'legacy-token', '-n', 'team-a', '-o', 'jsonpath={.metadata.labels.kubernetes\\.io/legacy-token-last-used}']),
      new Date().toISOString().slice(0, 10),
    ));

    assertSuccess(await kubectl.run(['delete', 'sa', 'legacy', '-n', 'team-a']), 'serviceaccount "legacy" deleted\n');
    await eventually(async () => assertFailure(await kubectl.run(['get', 'secret', 'legacy-token', '-n', 'team-a']),
      'Error from server (NotFound): secrets "legacy-token" not found\n'));
    assertFailure(await whoami(token), UNAUTHORIZED);
  });

  it('deletes a legacy token Secret whose service account does not exist', async () => {
    kubectl.file('orphan-token.yaml', stringify({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
      metadata: { name: 'orphan-token', namespace: 'team-a', annotations: { 'kubernetes.io/service-account.name': 'nobody' } },
    }));
    assertSuccess(await kubectl.run(['create', '-f', 'orphan-token.yaml']), 'secret/orphan-token created\n');
    await eventually(async () => assertFailure(await kubectl.run(['get', 'secret', 'orphan-token', '-n', 'team-a']),
      'Error from server (NotFound): secrets "orphan-token" not found\n'));
  });

  it('rejects anonymous requests by default', async () => {
    const answer = await httpsRequest(`${arca.url}/apis/authentication.k8s.io/v1/selfsubjectreviews`, ca, 'POST', {}, selfSubjectReview);
    assert.equal(answer.status, 401);
    assert.deepEqual(JSON.parse(answer.body), unauthorizedStatus);
  });

  it('answers TokenReviews like Kubernetes', async () => {
    const token = (await kubectl.run(['create', 'token', 'builder', '-n', 'team-a'])).stdout;
    const uid = await serviceAccountUid('team-a', 'builder');
    kubectl.file('review.yaml', stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } }));
    // --validate=false: kubectl's field-validation probe falls back to /openapi/v2 for kinds without PATCH.
    const review = JSON.parse((await kubectl.run(['create', '-f', 'review.yaml', '--validate=false', '-o', 'json'])).stdout);
    assert.deepEqual(review.status, {
      authenticated: true, audiences: [ISSUER],
      user: {
        username: 'system:serviceaccount:team-a:builder', uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
        extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${claimsOf(token).jti}`] },
      },
    });
    kubectl.file('bad-review.yaml', stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'nope' } }));
    assert.deepEqual(JSON.parse((await kubectl.run(['create', '-f', 'bad-review.yaml', '--validate=false', '-o', 'json'])).stdout).status,
      { user: {}, error: 'invalid bearer token' });
  });
});

describe('arca up --anonymous-auth', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  let ca: string;
  before(async () => {
    arca = await startArcaUpProcess({ args: ['--anonymous-auth'] });
    kubectl = createKubectl(arca.kubeconfig);
    ca = readFileSync(join(arca.dataDir, 'pki', 'ca.crt'), 'utf8');
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('lets requests without credentials in as system:anonymous, whom RBAC then judges', async () => {
    const reviews = `${arca.url}/apis/authentication.k8s.io/v1/selfsubjectreviews`;
    const denied = await httpsRequest(reviews, ca, 'POST', {}, selfSubjectReview);
    assert.equal(denied.status, 403);
    assert.equal(JSON.parse(denied.body).message,
      'selfsubjectreviews.authentication.k8s.io is forbidden: User "system:anonymous" cannot create resource "selfsubjectreviews" in API group "authentication.k8s.io" at the cluster scope');

    assertSuccess(await kubectl.run(['create', 'clusterrole', 'whoami', '--verb=create', '--resource=selfsubjectreviews.authentication.k8s.io']),
      'clusterrole.rbac.authorization.k8s.io/whoami created\n');
    assertSuccess(await kubectl.run(['create', 'clusterrolebinding', 'anonymous-whoami', '--clusterrole=whoami', '--group=system:unauthenticated']),
      'clusterrolebinding.rbac.authorization.k8s.io/anonymous-whoami created\n');
    const answer = await eventually(async () => {
      const allowed = await httpsRequest(reviews, ca, 'POST', {}, selfSubjectReview);
      assert.equal(allowed.status, 201, allowed.body);
      return allowed;
    });
    assert.deepEqual(JSON.parse(answer.body).status, { userInfo: { username: 'system:anonymous', groups: ['system:unauthenticated'] } });
  });

  it('still refuses a request with a token it does not accept', async () => {
    const answer = await httpsRequest(`${arca.url}/apis/authentication.k8s.io/v1/selfsubjectreviews`, ca, 'POST',
      { Authorization: 'Bearer not-a-token' }, selfSubjectReview);
    assert.equal(answer.status, 401);
    assert.deepEqual(JSON.parse(answer.body), unauthorizedStatus);
  });
});

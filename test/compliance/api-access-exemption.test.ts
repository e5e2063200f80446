import { evaluate } from '../../src/compliance/engine';

/** A restricted-clean pod that mounts a projected, audience-bound API token, as ApiAccess renders it. */
function podWithProjectedToken(annotations?: Record<string, string>): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'api', namespace: 'shop', ...(annotations ? { annotations } : {}) },
    spec: {
      automountServiceAccountToken: false,
      serviceAccountName: 'api',
      containers: [{ name: 'app', image: 'registry.example.com/api@sha256:' + 'a'.repeat(64) }],
      volumes: [{
        name: 'kube-api-access',
        projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 600 } }] },
      }],
    },
  };
}

function tokenFinding(pod: any) {
  const report = evaluate([pod], { pack: 'hardened', now: new Date('2026-01-01T00:00:00Z') });
  return report.findings.find((f) => f.checkId === 'workload-no-token-automount');
}

describe('the API-access opt-in as the checker sees it', () => {
  test('fails when a pod mounts a projected token without saying why', () => {
    const f = tokenFinding(podWithProjectedToken());
    expect(f?.status).toBe('fail');
    expect(f?.suppressedReason).toBeUndefined();
    expect(f?.detail).toBe('pods mount a projected serviceAccountToken volume "kube-api-access"; remove it, or annotate the pod template '
      + 'cdk8s-hardened.io/api-access with the reason (10+ characters) the pods call the API');
    expect(f?.location).toBe('/spec/volumes/0');
  });

  test('reports the annotated pod as a deliberate exception with its reason, neither a silent pass nor a failure', () => {
    const f = tokenFinding(podWithProjectedToken({ 'cdk8s-hardened.io/api-access': 'reads its feature flags ConfigMap' }));
    expect(f?.status).toBe('fail');
    expect(f?.suppressedReason).toBe('calls the Kubernetes API on purpose: reads its feature flags ConfigMap');
  });

  test('fails when the annotated reason is shorter than 10 characters', () => {
    const f = tokenFinding(podWithProjectedToken({ 'cdk8s-hardened.io/api-access': 'needed' }));
    expect(f?.suppressedReason).toBeUndefined();
  });

  test('fails when an annotated pod also automounts the legacy token: the API-access reason covers only the projected token', () => {
    const pod = podWithProjectedToken({ 'cdk8s-hardened.io/api-access': 'reads its feature flags ConfigMap' });
    delete pod.spec.volumes;
    pod.spec.automountServiceAccountToken = true;
    const f = tokenFinding(pod);
    expect(f?.detail).toBe('automountServiceAccountToken=true; set it to false');
    expect(f?.suppressedReason).toBeUndefined();
  });

  test('an annotation suppression of the check takes precedence over the API-access reason', () => {
    const pod = podWithProjectedToken({
      'cdk8s-hardened.io/api-access': 'reads its feature flags ConfigMap',
      'cdk8s-hardened.io/suppressions': JSON.stringify([{ id: 'workload-no-token-automount', reason: 'reviewed in SEC-42, token needed' }]),
    });
    expect(tokenFinding(pod)?.suppressedReason).toBe('reviewed in SEC-42, token needed');
  });
});

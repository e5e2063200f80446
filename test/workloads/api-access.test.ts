import { Testing } from 'cdk8s';
import { IMAGE, SIDECAR_IMAGE } from './fixtures';
import { OptOut } from '../../src/warnings';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';
import { ApiAccess, ApiAccessProps } from '../../src/workloads/pod/api-access';

const PATH = "HardenedDeployment 'test/api'";
const REASON = OptOut.because('reads its feature flags ConfigMap through the API');

function setup(props: Partial<ApiAccessProps> = {}, extra: any = {}) {
  const chart = Testing.chart();
  new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE, apiAccess: ApiAccess.of({ optOut: REASON, ...props }), ...extra });
  const objects = Testing.synth(chart);
  return { pod: objects.find((o: any) => o.kind === 'Deployment').spec.template.spec, policy: objects.find((o: any) => o.kind === 'NetworkPolicy') };
}

describe('ApiAccess', () => {
  test('resolves its defaults: 600 s, the API server audiences, private ranges on 443 and 6443', () => {
    const access = ApiAccess.of({ optOut: REASON });
    expect(access.reason).toBe('reads its feature flags ConfigMap through the API');
    expect(access.expirationSeconds).toBe(600);
    expect(access.audience).toBeUndefined();
    expect(access.apiServerCidrs).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
    expect(access.ports).toEqual([443, 6443]);
  });

  test('binds the token to an audience and lifetime, and narrows the egress to the named endpoints', () => {
    const { pod, policy } = setup({ audience: 'https://kubernetes.default.svc', expirationSeconds: 3600, apiServerCidrs: ['10.0.0.1/32'], ports: [6443] });
    const token = pod.volumes.find((v: any) => v.name === 'kube-api-access').projected.sources[0].serviceAccountToken;
    expect(token).toEqual({ path: 'token', expirationSeconds: 3600, audience: 'https://kubernetes.default.svc' });
    expect(policy.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ protocol: 'TCP', port: 6443 }] });
  });

  test('mounts the token into the named container only', () => {
    const { pod } = setup({ containerName: 'sync' }, { sidecars: [{ name: 'sync', image: SIDECAR_IMAGE, withoutProbes: OptOut.because('the syncer has no endpoint') }] });
    expect(pod.containers[0].volumeMounts.map((m: any) => m.name)).not.toContain('kube-api-access');
    expect(pod.containers[1].volumeMounts).toContainEqual({ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
  });

  test.each([
    [{ expirationSeconds: 300 }, 'apiAccess expirationSeconds 300 is not allowed; use an integer from 600 (the API server\'s minimum) to 86400'],
    [{ expirationSeconds: 100000 }, 'apiAccess expirationSeconds 100000 is not allowed; use an integer from 600 (the API server\'s minimum) to 86400'],
    [{ audience: ' ' }, 'apiAccess audience \' \' is empty; omit it for the API server\'s audiences'],
    [{ apiServerCidrs: [] }, 'apiAccess apiServerCidrs is empty; name the API server endpoint ranges or omit it for the private ranges'],
    [{ apiServerCidrs: ['10.0.0.1'] }, 'apiAccess apiServerCidrs entry \'10.0.0.1\' is not a CIDR; use e.g. \'10.0.0.1/32\''],
    [{ ports: [0] }, 'apiAccess ports [0] is not allowed; list ports between 1 and 65535, e.g. [443, 6443]'],
  ])('fails on %p', (props, message) => {
    expect(() => setup(props as any)).toThrow(`${PATH}: ${message}`);
  });

  test('fails when the token path is already mounted', () => {
    const chart = Testing.chart();
    expect(() => new HardenedDeployment(chart, 'api', {
      namespace: 'shop', name: 'api', image: IMAGE, scratchPaths: ['/var/run/secrets'], apiAccess: ApiAccess.of({ optOut: REASON }),
    })).toThrow(`${PATH}: mount path '/var/run/secrets/kubernetes.io/serviceaccount' overlaps '/var/run/secrets' already mounted in container 'app'; use a separate directory`);
  });
});

import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IMAGE } from './fixtures';
import { DisruptionBudget } from '../../src/workloads/disruption-budget';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';
import { HardenedStatefulSet, HardenedStatefulSetProps } from '../../src/workloads/hardened-stateful-set';

const PATH = "HardenedStatefulSet 'test/cache'";
const DATA = { name: 'data', mountPath: '/data', size: Size.gibibytes(10) };

function setup(props: Partial<HardenedStatefulSetProps> = {}) {
  const chart = Testing.chart();
  const s = new HardenedStatefulSet(chart, 'cache', { namespace: 'shop', name: 'cache', image: IMAGE, port: 6379, ...props });
  const synth = () => Testing.synth(chart);
  const byKind = (kind: string) => synth().filter((o: any) => o.kind === kind);
  const sts = () => byKind('StatefulSet')[0];
  return { chart, s, synth, byKind, sts, pod: () => sts().spec.template.spec };
}

describe('HardenedStatefulSet defaults', () => {
  test('matches the defaults snapshot', () => {
    expect(setup({ volumeClaimTemplates: [DATA] }).synth()).toMatchSnapshot();
  });

  test('runs 2 replicas, OrderedReady, with rolling updates from partition 0', () => {
    const spec = setup().sts().spec;
    expect(spec.replicas).toBe(2);
    expect(spec.podManagementPolicy).toBe('OrderedReady');
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  });

  test('fixes volume ownership only on a root mismatch', () => {
    expect(setup().pod().securityContext.fsGroupChangePolicy).toBe('OnRootMismatch');
  });

  test('is governed by a headless Service named <name>-headless selecting its pods on the main port', () => {
    const { sts, byKind } = setup();
    const service = byKind('Service')[0];
    expect(sts().spec.serviceName).toBe('cache-headless');
    expect(service.metadata).toMatchObject({ name: 'cache-headless', namespace: 'shop' });
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.selector).toMatchObject({ 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'cache' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 6379, targetPort: 6379 }]);
  });

  test('renders volume claim templates (ReadWriteOnce by default) mounted writable while the root filesystem stays read-only', () => {
    const { sts, pod } = setup({ volumeClaimTemplates: [DATA] });
    expect(sts().spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'cache' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    }]);
    const c = pod().containers[0];
    expect(c.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data', readOnly: false });
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('takes a storage class, access modes and a target container for a claim', () => {
    const { sts, pod } = setup({
      sidecars: [{ name: 'exporter', image: IMAGE, port: 9121 }],
      volumeClaimTemplates: [{ ...DATA, storageClassName: 'fast-ssd', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD], containerName: 'exporter' }],
    });
    expect(sts().spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast-ssd', accessModes: ['ReadWriteOncePod'] });
    expect(pod().containers[1].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data', readOnly: false });
  });

  test('spreads pods over zones and nodes and has a PodDisruptionBudget', () => {
    const { pod, byKind } = setup();
    expect(pod().topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(pod().affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(byKind('PodDisruptionBudget')[0].spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'cache' } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test('takes a Parallel pod management policy', () => {
    expect(setup({ podManagementPolicy: kplus.PodManagementPolicy.PARALLEL }).sts().spec.podManagementPolicy).toBe('Parallel');
  });

  test('accepts connections from another workload through connectTo', () => {
    const { chart, s, byKind } = setup();
    const api = new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE });
    api.connectTo(s);
    expect(byKind('NetworkPolicy').find((p: any) => p.metadata.name === 'cache').spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } }],
      ports: [{ protocol: 'TCP', port: 6379 }],
    });
  });
});

describe('HardenedStatefulSet fails', () => {
  test('fails when the headless Service name would be too long', () => {
    expect(() => setup({ name: 'a'.repeat(60) })).toThrow(
      `HardenedStatefulSet 'test/cache': the headless Service name '${'a'.repeat(60)}-headless' is too long; use a name of at most 54 characters`);
  });

  test('fails on an invalid claim name', () => {
    expect(() => setup({ volumeClaimTemplates: [{ ...DATA, name: 'Data' }] })).toThrow(
      `${PATH}: volumeClaimTemplates[0] name 'Data' is not valid; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric`);
  });

  test('fails on an invalid storage class name', () => {
    expect(() => setup({ volumeClaimTemplates: [{ ...DATA, storageClassName: 'Fast SSD' }] })).toThrow(
      `${PATH}: volumeClaimTemplates[0] storageClassName 'Fast SSD' is not a valid StorageClass name; use a DNS-1123 subdomain`);
  });

  test('fails on empty access modes', () => {
    expect(() => setup({ volumeClaimTemplates: [{ ...DATA, accessModes: [] }] })).toThrow(
      `${PATH}: volumeClaimTemplates[0] accessModes is empty; omit it for ReadWriteOnce`);
  });

  test('fails when a claim is mounted over /tmp', () => {
    expect(() => setup({ volumeClaimTemplates: [{ ...DATA, mountPath: '/tmp/data' }] })).toThrow(
      `${PATH}: mount path '/tmp/data' overlaps '/tmp' already mounted in container 'app'; use a separate directory`);
  });

  test('fails when a claim name is used twice or shadows a pod volume', () => {
    expect(() => setup({ volumeClaimTemplates: [DATA, { ...DATA, mountPath: '/data2' }] })).toThrow(
      `${PATH}: volumeClaimTemplates[1] name 'data' is already used by another volume of the pod; give each claim a unique name (not 'tmp', nor starting with 'tmp-', 'scratch-', 'init-scratch-', 'secret-', 'config-', 'host-' or 'kube-api-access')`);
    expect(() => setup({ volumeClaimTemplates: [{ ...DATA, name: 'tmp' }] })).toThrow(
      `${PATH}: volumeClaimTemplates[0] name 'tmp' is already used by another volume of the pod; give each claim a unique name (not 'tmp', nor starting with 'tmp-', 'scratch-', 'init-scratch-', 'secret-', 'config-', 'host-' or 'kube-api-access')`);
  });

  test('fails when a single replica is not opted out, as for a Deployment', () => {
    expect(() => setup({ replicas: 1 })).toThrow(
      `${PATH}: replicas 1 leaves no pod serving during a drain or crash; use replicas >= 2, or pass singleReplica: OptOut.because('<why>')`);
  });

  test('fails when the disruption budget blocks every eviction', () => {
    expect(() => setup({ disruptionBudget: DisruptionBudget.minAvailable(2) })).toThrow(
      `${PATH}: disruptionBudget minAvailable 2 with 2 replica(s) allows no voluntary eviction and blocks node drains; use DisruptionBudget.maxUnavailable(1) or a minAvailable below the replicas`);
  });
});

import * as fc from 'fast-check';
import { baselinePod, restrictedPod, tweak } from './fixtures';
import {
  evaluateObjectPodSecurity, evaluatePodSecurity, formatPssDenial, formatPssReason, parsePssVersion,
  PodSecurityLevel, PSS_CHECK_IDS, PSS_CHECKS, PSS_NEWEST_VERSION,
} from '../../../src/compliance/pss';
import { checksFor, validateRegistry } from '../../../src/compliance/pss/registry';

const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;
const idsAt = (level: PodSecurityLevel, minor: number) => checksFor(level, minor).map((c) => c.check.id);

describe('registry', () => {
  test('is valid: unique ids, strictly increasing versions, overrides of baseline checks only', () => {
    expect(validateRegistry(PSS_CHECKS)).toEqual([]);
  });

  test('fails a registry with a duplicate id or decreasing versions', () => {
    const evaluate = () => ({ allowed: true });
    expect(validateRegistry([
      { id: 'a', level: B, title: 'a', versions: [{ minimumVersion: 'v1.2', evaluate }, { minimumVersion: 'v1.1', evaluate }] },
      { id: 'a', level: R, title: 'a', versions: [{ minimumVersion: 'v1.0', evaluate, overrides: ['b'] }] },
    ])).toEqual([
      'check a: versions must be strictly increasing',
      'multiple checks registered for id a',
      'check a: overrides b, which is not a baseline check',
    ]);
  });

  test('locks the check ids per level', () => {
    expect(PSS_CHECK_IDS).toEqual({
      baseline: ['appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle',
        'privileged', 'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess'],
      restricted: ['appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPorts', 'hostProbesAndHostLifecycle',
        'privileged', 'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess',
        'allowPrivilegeEscalation', 'capabilities_restricted', 'procMount_restricted', 'restrictedVolumes', 'runAsNonRoot', 'runAsUser',
        'seccompProfile_restricted'],
    });
  });

  test('the newest version is v1.37 (the sysctl allow-list growth)', () => {
    expect(PSS_NEWEST_VERSION).toBe('v1.37');
  });

  test('restricted checks override their baseline twins from the version they appear', () => {
    expect(idsAt(R, 0)).toEqual(['appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPorts', 'privileged', 'procMount',
      'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess', 'restrictedVolumes', 'runAsNonRoot']);
    expect(idsAt(R, 19)).not.toContain('seccompProfile_baseline');
    expect(idsAt(R, 21)).toContain('capabilities_baseline');
    expect(idsAt(R, 22)).not.toContain('capabilities_baseline');
    expect(idsAt(R, 34)).toContain('procMount');
    expect(idsAt(R, 35)).not.toContain('procMount');
    expect(idsAt(R, 35)).toContain('procMount_restricted');
    expect(idsAt(B, 35)).toContain('procMount');
    expect(idsAt(B, 37)).toContain('hostPathVolumes');
    expect(idsAt(R, 37)).not.toContain('hostPathVolumes');
  });

  test('the privileged level runs no checks', () => {
    expect(idsAt(PodSecurityLevel.PRIVILEGED, 37)).toEqual([]);
    const pod = tweak(baselinePod(), (p) => { p.spec.hostNetwork = true; });
    expect(evaluatePodSecurity(PodSecurityLevel.PRIVILEGED, 'latest', pod.metadata, pod.spec)).toEqual({ allowed: true, results: [] });
  });
});

describe('parsePssVersion', () => {
  test.each([
    ['latest', { label: 'latest', latest: true, minor: 37 }],
    ['v1.0', { label: 'v1.0', latest: false, minor: 0 }],
    ['v1.28', { label: 'v1.28', latest: false, minor: 28 }],
    ['v1.99', { label: 'v1.99', latest: false, minor: 37 }],
  ])('parses %s', (input, expected) => {
    expect(parsePssVersion(input)).toEqual(expected);
  });

  test.each(['1.28', 'v1.028', 'v2.0', 'v1', 'Latest', '', 'v1.28 '])('fails %j', (input) => {
    expect(parsePssVersion(input)).toBeUndefined();
  });

  test('fails evaluation at an invalid version with the allowed forms', () => {
    expect(() => evaluatePodSecurity(B, '1.28', {}, {})).toThrow('invalid Pod Security Standards version "1.28": use "latest" or "v1.N", e.g. "v1.28"');
  });
});

describe('evaluatePodSecurity', () => {
  test('reports failures in upstream order and formats the denial as admission does', () => {
    const pod = tweak(restrictedPod(), (p) => {
      p.spec.hostPID = true;
      p.spec.containers[0].securityContext = {};
    });
    const evaluation = evaluatePodSecurity(R, 'v1.28', pod.metadata, pod.spec);
    expect(evaluation.allowed).toBe(false);
    expect(evaluation.results.map((r) => r.checkId)).toEqual(['hostNamespaces', 'allowPrivilegeEscalation', 'capabilities_restricted']);
    expect(formatPssDenial(R, 'v1.28', evaluation)).toBe(
      'violates PodSecurity "restricted:v1.28": host namespaces (hostPID=true), '
      + 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), '
      + 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
    );
  });

  test('gives no denial message for an allowed pod', () => {
    const pod = restrictedPod();
    expect(formatPssDenial(R, 'latest', evaluatePodSecurity(R, 'latest', pod.metadata, pod.spec))).toBeUndefined();
  });

  test('formats a reason without detail as the reason alone', () => {
    expect(formatPssReason({ checkId: 'x', reason: 'host namespaces', detail: '' })).toBe('host namespaces');
  });

  test('locates the first offending field', () => {
    const pod = tweak(baselinePod(), (p) => { p.spec.containers[0].securityContext = { privileged: true }; });
    expect(evaluatePodSecurity(B, 'latest', pod.metadata, pod.spec).results[0].location).toBe('/spec/containers/0/securityContext/privileged');
  });

  test('fails closed on a malformed restricted field, naming it', () => {
    const pod = tweak(baselinePod(), (p) => { p.spec.containers[0].securityContext = { privileged: 'true' }; });
    expect(evaluatePodSecurity(B, 'latest', pod.metadata, pod.spec).results).toEqual([{
      checkId: 'privileged',
      reason: 'privileged',
      detail: 'malformed field /spec/containers/0/securityContext/privileged (expected boolean, got string)',
      location: '/spec/containers/0/securityContext/privileged',
    }]);
  });

  test('fails closed on a malformed volume source, naming the first in source order', () => {
    // A volume's fields are read first; the sources are walked in upstream order only when one is malformed.
    const pod = tweak(restrictedPod(), (p) => {
      p.spec.volumes = [{ name: 'ok', emptyDir: {} }, { name: 'bad', nfs: 'server:/export', configMap: ['x'] }];
    });
    const volumes = evaluatePodSecurity(R, 'latest', pod.metadata, pod.spec).results.filter((r) => r.checkId === 'restrictedVolumes');
    expect(volumes).toEqual([{
      checkId: 'restrictedVolumes',
      reason: 'restricted volume types',
      detail: 'malformed fields /spec/volumes/1/configMap (expected object, got array), /spec/volumes/1/nfs (expected object, got string)',
      location: '/spec/volumes/1/configMap',
    }]);
    const fine = tweak(restrictedPod(), (p) => { p.spec.volumes = [{ name: 'ok', emptyDir: null, secret: { secretName: 's' } }]; });
    expect(evaluatePodSecurity(R, 'latest', fine.metadata, fine.spec).results).toEqual([]);
  });

  test('reads a malformed relaxing field as absent (no user-namespace exemption)', () => {
    const pod = tweak(restrictedPod(), (p) => { p.spec.hostUsers = 'false'; p.spec.securityContext.runAsUser = 0; });
    expect(evaluatePodSecurity(R, 'latest', pod.metadata, pod.spec).results.map((r) => r.checkId)).toEqual(['runAsUser']);
  });

  test('fails every check of a pod whose spec is not an object', () => {
    const evaluation = evaluatePodSecurity(B, 'latest', {}, 'nope');
    expect(evaluation.results).toHaveLength(12);
    expect(evaluation.results[0].detail).toBe('malformed pod: /spec (expected object, got string)');
  });

  test('never throws on arbitrary pod metadata and specs', () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), fc.constantFrom(B, R), fc.integer({ min: 0, max: 40 }), (metadata, spec, level, minor) => {
      const evaluation = evaluatePodSecurity(level, `v1.${minor}`, metadata, spec);
      expect(evaluation.allowed).toBe(evaluation.results.length === 0);
    }), { numRuns: 300 });
  });

  test('never throws on mutated pods', () => {
    const leaves = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.constant([]), fc.constant({}), fc.array(fc.string()));
    const paths = [
      ['spec', 'securityContext'], ['spec', 'containers'], ['spec', 'containers', '0'], ['spec', 'containers', '0', 'securityContext'],
      ['spec', 'containers', '0', 'securityContext', 'capabilities'], ['spec', 'containers', '0', 'ports'], ['spec', 'volumes'],
      ['spec', 'securityContext', 'sysctls'], ['metadata', 'annotations'], ['spec', 'containers', '0', 'livenessProbe'],
      ['spec', 'securityContext', 'seLinuxOptions'], ['spec', 'containers', '0', 'securityContext', 'seccompProfile'], ['spec', 'os'],
    ];
    fc.assert(fc.property(fc.constantFrom(...paths), leaves, (path, value) => {
      const pod: any = restrictedPod();
      let target = pod;
      for (const key of path.slice(0, -1)) target = target[key];
      target[path[path.length - 1]] = value;
      for (const version of ['v1.0', 'v1.18', 'v1.25', 'latest']) {
        expect(() => evaluatePodSecurity(R, version, pod.metadata, pod.spec)).not.toThrow();
        expect(() => evaluateObjectPodSecurity(R, version, { kind: 'Pod', ...pod })).not.toThrow();
      }
    }), { numRuns: 300 });
  });
});

describe('evaluateObjectPodSecurity', () => {
  const pod = tweak(baselinePod(), (p) => { p.spec.containers[0].securityContext = { privileged: true }; });

  test.each([
    ['Pod', { kind: 'Pod', metadata: pod.metadata, spec: pod.spec }, '/spec/containers/0/securityContext/privileged'],
    ['Deployment', { kind: 'Deployment', spec: { template: pod } }, '/spec/template/spec/containers/0/securityContext/privileged'],
    ['StatefulSet', { kind: 'StatefulSet', spec: { template: pod } }, '/spec/template/spec/containers/0/securityContext/privileged'],
    ['DaemonSet', { kind: 'DaemonSet', spec: { template: pod } }, '/spec/template/spec/containers/0/securityContext/privileged'],
    ['ReplicaSet', { kind: 'ReplicaSet', spec: { template: pod } }, '/spec/template/spec/containers/0/securityContext/privileged'],
    ['ReplicationController', { kind: 'ReplicationController', spec: { template: pod } }, '/spec/template/spec/containers/0/securityContext/privileged'],
    ['Job', { kind: 'Job', spec: { template: pod } }, '/spec/template/spec/containers/0/securityContext/privileged'],
    ['CronJob', { kind: 'CronJob', spec: { jobTemplate: { spec: { template: pod } } } }, '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged'],
  ])('fails a privileged %s at the template pointer', (_kind, object, location) => {
    const evaluation = evaluateObjectPodSecurity(B, 'latest', object)!;
    expect(evaluation.allowed).toBe(false);
    expect(evaluation.results[0].location).toBe(location);
  });

  test('judges template annotations (AppArmor) at the template metadata pointer', () => {
    const object = { kind: 'Deployment', spec: { template: { metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } }, spec: baselinePod().spec } } };
    expect(evaluateObjectPodSecurity(B, 'latest', object)!.results[0].location).toBe('/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app');
  });

  test('returns undefined for objects that carry no pod', () => {
    expect(evaluateObjectPodSecurity(B, 'latest', { kind: 'Service', spec: {} })).toBeUndefined();
    expect(evaluateObjectPodSecurity(B, 'latest', 'not an object')).toBeUndefined();
  });

  test('fails a malformed template where it breaks', () => {
    const evaluation = evaluateObjectPodSecurity(B, 'latest', { kind: 'Deployment', spec: { template: [] } })!;
    expect(evaluation.allowed).toBe(false);
    expect(evaluation.results[0]).toMatchObject({ detail: 'malformed pod: /spec/template (expected object, got array)', location: '/spec/template' });
  });
});

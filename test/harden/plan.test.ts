import { Compliance } from '../../src/compliance/compliance';
import { DEFAULT_RESOURCES, globMatches, planHardening, WRITABLE_VOLUME_PREFIX } from '../../src/harden/plan';
import * as D from '../../src/workloads/defaults';

function pod(spec: Record<string, any>, extra: Record<string, any> = {}): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team', ...extra }, spec };
}

function container(extra: Record<string, any> = {}): any {
  return { name: 'app', image: 'registry.example.com/app:1.0', ...extra };
}

function planOne(object: any, options = {}) {
  const plan = planHardening([object], options);
  return { ...plan, object: plan.objects[0] as any, paths: plan.changes.map((c) => c.path) };
}

describe('planHardening: safe changes by default', () => {
  test('writes seccomp RuntimeDefault at pod level, from the one source of defaults', () => {
    const { object, changes } = planOne(pod({ containers: [container()] }));
    expect(object.spec.securityContext.seccompProfile).toEqual({ type: D.SECURITY_CONTEXT.seccompProfileType });
    expect(changes.find((c) => c.rule === 'seccomp')).toMatchObject({ path: '/spec/securityContext/seccompProfile', before: undefined, kind: 'safe' });
  });

  test('leaves seccomp alone when every container sets its own profile', () => {
    const sc = { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } };
    const { paths } = planOne(pod({ containers: [container({ securityContext: sc })] }));
    expect(paths).not.toContain('/spec/securityContext/seccompProfile');
  });

  test('leaves an explicit Unconfined profile to a person and reports it', () => {
    const { paths, findings } = planOne(pod({ securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [container()] }));
    expect(paths.filter((p) => p.includes('seccomp'))).toEqual([]);
    expect(findings.map((f) => f.check)).toContain('seccompProfile_restricted');
  });

  test('sets allowPrivilegeEscalation false and drops ALL capabilities on every container kind', () => {
    const spec = { initContainers: [container({ name: 'init' })], containers: [container()], ephemeralContainers: [container({ name: 'debug' })] };
    const { object } = planOne(pod(spec));
    for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
      expect(object.spec[field][0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });

  test('adds NET_BIND_SERVICE only for a declared port below 1024', () => {
    const low = planOne(pod({ containers: [container({ ports: [{ containerPort: 80 }] })] })).object;
    const high = planOne(pod({ containers: [container({ ports: [{ containerPort: 8080 }] })] })).object;
    expect(low.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(high.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('appends ALL to an existing drop list and keeps added capabilities, reporting them', () => {
    const sc = { capabilities: { drop: ['NET_RAW'], add: ['NET_ADMIN'] } };
    const { object, changes, findings } = planOne(pod({ containers: [container({ securityContext: sc })] }), { assumeNonRoot: true });
    expect(object.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['NET_RAW', 'ALL'], add: ['NET_ADMIN'] });
    expect(changes.find((c) => c.rule === 'capabilities-drop')).toMatchObject({ path: '/spec/containers/0/securityContext/capabilities/drop/1', after: 'ALL' });
    expect(findings).toEqual([expect.objectContaining({ check: 'capabilities_restricted', path: '/spec/containers/0/securityContext/capabilities/add/0' })]);
  });

  test('never sets allowPrivilegeEscalation next to privileged or SYS_ADMIN (the API server would reject it)', () => {
    const privileged = planOne(pod({ containers: [container({ securityContext: { privileged: true } })] }));
    const sysAdmin = planOne(pod({ containers: [container({ securityContext: { capabilities: { add: ['SYS_ADMIN'] } } })] }));
    expect(privileged.object.spec.containers[0].securityContext).toEqual({ privileged: true });
    expect(sysAdmin.object.spec.containers[0].securityContext.allowPrivilegeEscalation).toBeUndefined();
    expect(privileged.findings.map((f) => f.check)).toContain('privileged');
  });

  test('sets imagePullPolicy Always where unset or IfNotPresent, and leaves Never', () => {
    const images = ['unset', 'IfNotPresent', 'Never'].map((p) => planOne(pod({ containers: [container(p === 'unset' ? {} : { imagePullPolicy: p })] })).object.spec.containers[0].imagePullPolicy);
    expect(images).toEqual([D.IMAGE_PULL_POLICY, D.IMAGE_PULL_POLICY, 'Never']);
  });

  test('writes the default requests and limits where missing', () => {
    const { object } = planOne(pod({ containers: [container()] }));
    expect(object.spec.containers[0].resources).toEqual({ requests: DEFAULT_RESOURCES.requests, limits: DEFAULT_RESOURCES.limits });
    expect(DEFAULT_RESOURCES.requests.cpu).toBe(`${D.RESOURCES.cpuRequestMillis}m`);
    expect(DEFAULT_RESOURCES.limits.memory).toBe(`${D.RESOURCES.memoryLimitMiB}Mi`);
  });

  test('never writes a request above an existing limit, nor a limit below an existing request', () => {
    const resources = { limits: { memory: '64Mi' }, requests: { cpu: '2' } };
    const { object } = planOne(pod({ containers: [container({ resources })] }));
    const r = object.spec.containers[0].resources;
    expect(r.requests.memory).toBe('64Mi');
    expect(r.limits.cpu).toBe('2');
    expect(r.limits['ephemeral-storage']).toBe(DEFAULT_RESOURCES.limits['ephemeral-storage']);
  });

  test('uses configured resource defaults', () => {
    const resources = { requests: { cpu: '50m' }, limits: { cpu: '1' } };
    const { object } = planOne(pod({ containers: [container()] }), { resources });
    expect(object.spec.containers[0].resources).toEqual({ requests: { cpu: '50m' }, limits: { cpu: '1' } });
  });

  test('fails on a default request above its limit', () => {
    expect(() => planHardening([], { resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }))
      .toThrow('resource request cpu=2 is above its limit 1; a request may not exceed its limit');
  });

  test('disables the token only where the ServiceAccount has no binding in the input', () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'team' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'api' }],
    };
    const bound = pod({ serviceAccountName: 'api', containers: [container()] });
    const unbound = pod({ serviceAccountName: 'web', containers: [container()] });
    const plan = planHardening([binding, bound, unbound]);
    expect((plan.objects[1] as any).spec.automountServiceAccountToken).toBeUndefined();
    expect((plan.objects[2] as any).spec.automountServiceAccountToken).toBe(false);
  });

  test('never touches a field already set, compliant or not', () => {
    const sc = { allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } };
    const { paths } = planOne(pod({ automountServiceAccountToken: true, containers: [container({ securityContext: sc })] }));
    expect(paths.filter((p) => p.includes('allowPrivilegeEscalation') || p.includes('capabilities') || p.includes('automount'))).toEqual([]);
  });

  test('walks every pod-bearing kind to its pod spec', () => {
    const template = { metadata: {}, spec: { containers: [container()] } };
    const kinds: Array<[string, any, string]> = [
      ['Deployment', { template }, '/spec/template/spec'],
      ['StatefulSet', { template }, '/spec/template/spec'],
      ['DaemonSet', { template }, '/spec/template/spec'],
      ['ReplicaSet', { template }, '/spec/template/spec'],
      ['ReplicationController', { template }, '/spec/template/spec'],
      ['Job', { template }, '/spec/template/spec'],
      ['CronJob', { jobTemplate: { spec: { template } } }, '/spec/jobTemplate/spec/template/spec'],
    ];
    for (const [kind, spec, pointer] of kinds) {
      const { paths } = planOne({ apiVersion: 'v1', kind, metadata: { name: 'x' }, spec });
      expect(paths).toContain(`${pointer}/securityContext/seccompProfile`);
      expect(paths).toContain(`${pointer}/containers/0/imagePullPolicy`);
    }
  });

  test('leaves Windows pods\' Linux-only fields alone', () => {
    const { paths } = planOne(pod({ os: { name: 'windows' }, containers: [container()] }));
    expect(paths.filter((p) => p.includes('securityContext'))).toEqual([]);
  });

  test('copies objects that are not pod-bearing unchanged', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } };
    const plan = planHardening([service]);
    expect(plan.objects[0]).toEqual(service);
    expect(plan.changes).toEqual([]);
  });
});

describe('planHardening: opt-in changes only when asked', () => {
  test('writes nothing opt-in by default', () => {
    const { changes } = planOne(pod({ containers: [container()] }));
    expect(changes.filter((c) => c.kind === 'opt-in')).toEqual([]);
  });

  test('assumeNonRoot sets runAsNonRoot at pod level, unless a container runs as root on purpose', () => {
    const plain = planOne(pod({ containers: [container()] }), { assumeNonRoot: true });
    const root = planOne(pod({ containers: [container({ securityContext: { runAsUser: 0 } })] }), { assumeNonRoot: true });
    expect(plain.object.spec.securityContext.runAsNonRoot).toBe(true);
    expect(plain.changes.find((c) => c.rule === 'run-as-non-root')?.kind).toBe('opt-in');
    expect(root.object.spec.securityContext.runAsNonRoot).toBeUndefined();
    expect(plain.findings).toEqual([]);
  });

  test('image settings write the uid, a read-only root and writable paths as size-limited emptyDirs', () => {
    const images = [{ image: 'registry.example.com/**', runAsUser: 1000, readOnlyRootFilesystem: true, writablePaths: ['/tmp', '/var/cache'] }];
    const { object } = planOne(pod({ containers: [container({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })], volumes: [{ name: 'data', emptyDir: {} }] }), { images });
    const c = object.spec.containers[0];
    expect(c.securityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(c.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { name: `${WRITABLE_VOLUME_PREFIX}app-0`, mountPath: '/tmp' },
      { name: `${WRITABLE_VOLUME_PREFIX}app-1`, mountPath: '/var/cache' },
    ]);
    expect(object.spec.volumes[1]).toEqual({ name: `${WRITABLE_VOLUME_PREFIX}app-0`, emptyDir: { sizeLimit: `${D.SCRATCH_SIZE_LIMIT_MIB}Mi` } });
  });

  test('pins images listed in the digest map, keeping the tag', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { object, changes } = planOne(pod({ containers: [container()] }), { digests: { 'registry.example.com/app:1.0': digest } });
    expect(object.spec.containers[0].image).toBe(`registry.example.com/app:1.0@${digest}`);
    expect(changes.find((c) => c.rule === 'digest')).toMatchObject({ kind: 'opt-in', before: 'registry.example.com/app:1.0' });
  });

  test('fails on a digest that is not sha256', () => {
    expect(() => planHardening([], { digests: { nginx: 'latest' } })).toThrow("digest of image 'nginx' is 'latest'; use 'sha256:<64 lowercase hex>'");
  });

  test('fails on image settings with a uid that is not a non-negative integer', () => {
    expect(() => planHardening([], { images: [{ image: 'x', runAsUser: -1 }] }))
      .toThrow("image settings 'x': runAsUser is -1; use a non-negative integer uid");
  });

  test('fails on image settings with a relative writable path', () => {
    expect(() => planHardening([], { images: [{ image: 'x', readOnlyRootFilesystem: true, writablePaths: ['tmp'] }] }))
      .toThrow("image settings 'x': writable path \"tmp\" is not absolute; use e.g. '/tmp'");
  });

  test.each([
    ['ghcr.io/org/*', 'ghcr.io/org/app:1', true],
    ['ghcr.io/org/*', 'ghcr.io/org/team/app:1', false],
    ['ghcr.io/**', 'ghcr.io/org/team/app:1', true],
    ['nginx:1.2?', 'nginx:1.27', true],
    ['nginx', 'nginx:1.27', false],
  ])('image glob %s matches %s: %s', (pattern, image, expected) => {
    expect(globMatches(pattern, image)).toBe(expected);
  });
});

describe('planHardening: honest', () => {
  test('never introduces an engine finding on a plain pod', () => {
    const input = [pod({ containers: [container({ ports: [{ containerPort: 80 }] })] })];
    const before = failing(input);
    const after = failing(planHardening(input).objects);
    expect([...after].filter((id) => !before.has(id))).toEqual([]);
  });

  test('records before and after of every change', () => {
    const { changes, object } = planOne(pod({ containers: [container({ imagePullPolicy: 'IfNotPresent' })] }));
    const pull = changes.find((c) => c.rule === 'image-pull-policy')!;
    expect(pull).toMatchObject({ before: 'IfNotPresent', after: 'Always', object: { index: 0, kind: 'Pod', name: 'p', namespace: 'team' } });
    expect(pull.why).toMatch(/registry/);
    expect(object.spec.containers[0].imagePullPolicy).toBe('Always');
  });
});

function failing(objects: unknown[]): Set<string> {
  const report = Compliance.evaluate(objects, { pack: 'hardened' });
  return new Set(report.findings.filter((f) => f.status === 'fail').map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}`));
}

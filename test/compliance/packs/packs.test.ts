import { ALL_CHECKS } from '../../../src/compliance/checks';
import { evaluate } from '../../../src/compliance/engine';
import { PACKS, findPack } from '../../../src/compliance/packs';
import { WORLD, deployment } from '../checks/fixtures';

const PSS_BASELINE = [
  'pss-baseline-apparmor-profile', 'pss-baseline-capabilities-baseline', 'pss-baseline-host-namespaces',
  'pss-baseline-host-path-volumes', 'pss-baseline-host-ports', 'pss-baseline-host-probes-and-host-lifecycle',
  'pss-baseline-privileged', 'pss-baseline-proc-mount', 'pss-baseline-selinux-options',
  'pss-baseline-seccomp-profile-baseline', 'pss-baseline-sysctls', 'pss-baseline-windows-host-process',
];
const PSS_RESTRICTED = [
  'pss-restricted-apparmor-profile', 'pss-restricted-capabilities-baseline', 'pss-restricted-host-namespaces',
  'pss-restricted-host-ports', 'pss-restricted-host-probes-and-host-lifecycle',
  'pss-restricted-privileged', 'pss-restricted-proc-mount', 'pss-restricted-selinux-options',
  'pss-restricted-seccomp-profile-baseline', 'pss-restricted-sysctls', 'pss-restricted-windows-host-process',
  'pss-restricted-allow-privilege-escalation', 'pss-restricted-capabilities-restricted', 'pss-restricted-proc-mount-restricted',
  'pss-restricted-restricted-volumes', 'pss-restricted-run-as-non-root', 'pss-restricted-run-as-user',
  'pss-restricted-seccomp-profile-restricted',
];
const RBAC_ROLES = [
  'rbac-no-secret-read', 'rbac-no-wildcards', 'rbac-no-pod-create', 'rbac-no-escalate-bind-impersonate',
  'rbac-no-persistentvolume-create', 'rbac-no-node-proxy', 'rbac-no-csr-approval', 'rbac-no-admission-config-write',
  'rbac-no-token-create', 'rbac-no-pod-exec-attach',
];
const RBAC_BINDINGS = [
  'rbac-no-cluster-admin-binding', 'rbac-no-system-masters-binding', 'rbac-no-anonymous-binding',
  'rbac-no-all-authenticated-binding', 'rbac-no-default-serviceaccount-binding',
];
const TOKENS = ['serviceaccount-no-token-automount', 'workload-no-token-automount'];
const WORKLOAD_DEFAULTS = [
  'workload-read-only-root-fs', 'workload-image-pull-always', 'workload-service-account', 'workload-no-root-group',
  'workload-no-secret-literal-env', 'workload-secret-volume-mode', 'workload-env-unique', 'workload-no-host-aliases',
  'workload-no-service-links', 'workload-not-in-system-namespace', 'workload-no-ssh-port', 'workload-no-privileged-ports',
  'workload-empty-dir-size-limit',
  'workload-probes-distinct', 'workload-probe-ports', 'workload-replicas', 'workload-rolling-update', 'workload-spread',
  'workload-priority-class', 'workload-job-limits', 'workload-cronjob-policy',
];
const SERVICE = [
  'service-no-external-type', 'service-no-external-ips', 'ingress-tls', 'ingress-nginx-no-snippets',
  'hpa-min-replicas', 'hpa-max-above-min', 'hpa-target-no-fixed-replicas', 'pdb-allows-eviction', 'pdb-has-budget',
  'configmap-no-secrets',
  'service-selects-pods', 'ingress-backend-exists', 'hpa-target-exists', 'network-policy-selects-pods',
  'statefulset-headless-service', 'workload-config-refs-exist',
  'api-version-removed', 'api-version-deprecated',
  'rbac-no-secret-write', 'rbac-no-pod-update', 'rbac-no-network-write', 'rbac-no-service-status-update',
  'rbac-no-kube-system-configmap-write', 'rbac-no-pod-log-delete', 'rbac-no-broad-clusterrole-binding',
];

describe('packs', () => {
  test('are exactly pss-baseline, pss-restricted, rbac-least-privilege, cis-k8s and hardened', () => {
    expect(PACKS.map((p) => p.id)).toEqual(['pss-baseline', 'pss-restricted', 'rbac-least-privilege', 'cis-k8s', 'hardened']);
  });

  test('pss-baseline locks its ids', () => {
    expect(findPack('pss-baseline')!.checkIds).toEqual(PSS_BASELINE);
  });

  test('pss-restricted locks its ids (baseline checks judged at restricted, then the restricted ones)', () => {
    expect(findPack('pss-restricted')!.checkIds).toEqual(PSS_RESTRICTED);
  });

  test('rbac-least-privilege locks its ids', () => {
    expect(findPack('rbac-least-privilege')!.checkIds).toEqual([...RBAC_ROLES, ...RBAC_BINDINGS, ...TOKENS]);
  });

  test('cis-k8s locks its ids, in CIS section 5 order', () => {
    expect(findPack('cis-k8s')!.checkIds).toEqual([
      'rbac-no-cluster-admin-binding', 'rbac-no-secret-read', 'rbac-no-wildcards', 'rbac-no-pod-create',
      'rbac-no-default-serviceaccount-binding', 'serviceaccount-no-token-automount', 'workload-service-account',
      'workload-no-token-automount',
      'rbac-no-system-masters-binding', 'rbac-no-escalate-bind-impersonate', 'rbac-no-persistentvolume-create',
      'rbac-no-node-proxy', 'rbac-no-csr-approval', 'rbac-no-admission-config-write', 'rbac-no-token-create',
      'namespace-pss-restricted',
      ...PSS_RESTRICTED,
      'network-policy-coverage', 'namespace-default-deny', 'workload-no-secret-env', 'image-digest', 'image-signature-verified',
      'namespace-explicit', 'namespace-limit-range', 'namespace-resource-quota',
    ]);
  });

  test('hardened locks its ids: pss-restricted, all RBAC checks, every construct promise and the service checks', () => {
    expect(findPack('hardened')!.checkIds).toEqual([
      ...PSS_RESTRICTED, ...RBAC_ROLES, ...RBAC_BINDINGS, ...TOKENS,
      'image-digest', 'image-signature-verified', 'workload-probes', 'workload-resources', 'workload-high-uid-gid',
      'workload-no-secret-env', 'workload-pod-disruption-budget', ...WORKLOAD_DEFAULTS, 'network-policy-coverage', 'namespace-default-deny',
      'namespace-explicit', 'namespace-pss-restricted', 'namespace-limit-range', 'namespace-resource-quota',
      'policy-exception-expired',
      ...SERVICE,
    ]);
  });

  test('the service checks are in hardened only: no framework pack names them', () => {
    for (const pack of PACKS.filter((p) => p.id !== 'hardened')) {
      expect([pack.id, pack.checkIds.filter((id) => SERVICE.includes(id))]).toEqual([pack.id, []]);
    }
  });

  test('every pack lists only registered checks, each once', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    for (const pack of PACKS) {
      expect([pack.id, pack.checkIds.filter((id) => !ids.has(id))]).toEqual([pack.id, []]);
      expect([pack.id, new Set(pack.checkIds).size]).toEqual([pack.id, pack.checkIds.length]);
      expect(pack.title.length).toBeGreaterThan(0);
      expect(pack.description.length).toBeGreaterThan(0);
    }
  });

  test('every registered check is in at least one pack', () => {
    const packed = new Set(PACKS.flatMap((p) => p.checkIds));
    expect(ALL_CHECKS.map((c) => c.id).filter((id) => !packed.has(id))).toEqual([]);
  });

  test('every check of cis-k8s carries a CIS control', () => {
    const cis = findPack('cis-k8s')!.checkIds.filter((id) => !ALL_CHECKS.find((c) => c.id === id)!.controls.some((k) => k.framework === 'CIS'));
    expect(cis).toEqual([]);
  });

  test('findPack returns undefined for an unknown id', () => {
    expect(findPack('nope')).toBeUndefined();
  });
});

describe('a hardened set of manifests', () => {
  const rbac = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'api', namespace: 'prod' },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['api-config'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['api-secrets'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'api', namespace: 'prod' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'prod' }],
    },
  ];

  test.each(PACKS.map((p) => p.id))('has no findings on the %s pack', (pack) => {
    const report = evaluate([...WORLD, ...rbac, deployment()], { pack, now: new Date('2026-01-01T00:00:00Z') });
    expect(report.findings.map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}: ${f.detail ?? f.reason}`)).toEqual([]);
  });
});

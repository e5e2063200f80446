/**
 * The golden path's synthesized output, mutated one field at a time: every mutation breaks one
 * workload promise, and the `hardened` pack must flag it with the check that owns that promise.
 */
import { buildGoldenPathApp } from '../../../examples/golden-path/app';
import { evaluate } from '../../../src/compliance/engine';
import { PACKS } from '../../../src/compliance/packs';
import * as D from '../../../src/workloads/defaults';

const NOW = new Date('2026-01-01T00:00:00Z');

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** The golden path's manifests, synthesized in memory. */
function goldenObjects(): any[] {
  return buildGoldenPathApp().charts.flatMap((chart) => chart.toJson());
}

const GOLDEN = goldenObjects();
const WORKER = GOLDEN.find((o) => o.kind === 'Deployment' && o.metadata.name === 'worker');

/** The worker's hardened pod run to completion, as a Job with both limits. */
const JOB = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'worker-migrate', namespace: WORKER.metadata.namespace, labels: WORKER.metadata.labels },
  spec: { backoffLimit: 2, activeDeadlineSeconds: 600, template: { ...clone(WORKER.spec.template), spec: { ...clone(WORKER.spec.template.spec), restartPolicy: 'Never' } } },
};

/** The same Job nightly, without overlap and with a starting deadline. */
const CRON_JOB = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'worker-nightly', namespace: WORKER.metadata.namespace, labels: WORKER.metadata.labels },
  spec: { schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 300, jobTemplate: { spec: clone(JOB.spec) } },
};

/** The golden path plus the batch workloads: the base every mutation starts from. */
const BASE = [...GOLDEN, JOB, CRON_JOB];

interface Mutation {
  /** What the mutation breaks. */
  readonly name: string;
  /** The check that must flag it. */
  readonly checkId: string;
  /** Kind and name of the object mutated. */
  readonly target: [string, string];
  readonly mutate: (object: any) => void;
}

/** A mutation of the api Deployment's pod spec and main container. */
function api(mutate: (spec: any, container: any, object: any) => void): (d: any) => void {
  return (d) => mutate(d.spec.template.spec, d.spec.template.spec.containers[0], d);
}
const API: [string, string] = ['Deployment', 'api'];
/** The worker keeps a fixed replica count (the api's belongs to its autoscaler). */
const WORKER_REF: [string, string] = ['Deployment', 'worker'];
const JOB_REF: [string, string] = ['Job', 'worker-migrate'];
const CRON_REF: [string, string] = ['CronJob', 'worker-nightly'];
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';

const MUTATIONS: Mutation[] = [
  { name: 'a writable root filesystem', checkId: 'workload-read-only-root-fs', target: API, mutate: api((_s, c) => { c.securityContext.readOnlyRootFilesystem = false; }) },
  {
    name: 'an init container without a read-only root filesystem',
    checkId: 'workload-read-only-root-fs',
    target: API,
    mutate: api((s, c) => { s.initContainers = [{ ...clone(c), name: 'init', securityContext: { ...clone(c.securityContext), readOnlyRootFilesystem: undefined } }]; }),
  },
  { name: 'imagePullPolicy IfNotPresent', checkId: 'workload-image-pull-always', target: API, mutate: api((_s, c) => { c.imagePullPolicy = 'IfNotPresent'; }) },
  { name: 'one replica', checkId: 'workload-replicas', target: WORKER_REF, mutate: (d) => { d.spec.replicas = 1; } },
  { name: 'replicas unset without an autoscaler', checkId: 'workload-replicas', target: WORKER_REF, mutate: (d) => { delete d.spec.replicas; } },
  { name: 'a Recreate strategy', checkId: 'workload-rolling-update', target: API, mutate: (d) => { d.spec.strategy = { type: 'Recreate' }; } },
  { name: 'no spread over nodes or zones', checkId: 'workload-spread', target: API, mutate: api((s) => { delete s.topologySpreadConstraints; delete s.affinity; }) },
  { name: 'liveness identical to readiness', checkId: 'workload-probes-distinct', target: API, mutate: api((_s, c) => { c.livenessProbe = clone(c.readinessProbe); }) },
  { name: 'a probe of an undeclared port', checkId: 'workload-probe-ports', target: API, mutate: api((_s, c) => { c.readinessProbe.httpGet.port = 9999; }) },
  { name: 'the default ServiceAccount', checkId: 'workload-service-account', target: API, mutate: api((s) => { delete s.serviceAccountName; delete s.serviceAccount; }) },
  { name: 'a ServiceAccount missing from the input', checkId: 'workload-service-account', target: API, mutate: api((s) => { s.serviceAccountName = 'ghost'; }) },
  { name: 'fsGroup 0', checkId: 'workload-no-root-group', target: API, mutate: api((s) => { s.securityContext.fsGroup = 0; }) },
  { name: 'supplementalGroups containing 0', checkId: 'workload-no-root-group', target: API, mutate: api((s) => { s.securityContext.supplementalGroups = [0]; }) },
  { name: 'a literal DB_PASSWORD', checkId: 'workload-no-secret-literal-env', target: API, mutate: api((_s, c) => { c.env = [...(c.env ?? []), { name: 'DB_PASSWORD', value: 'hunter2' }]; }) },
  { name: 'an AWS access key in an env value', checkId: 'workload-no-secret-literal-env', target: API, mutate: api((_s, c) => { c.env = [{ name: 'UPLOAD_ID', value: 'AKIAIOSFODNN7EXAMPLE' }]; }) },
  { name: 'a PEM private key in an env value', checkId: 'workload-no-secret-literal-env', target: API, mutate: api((_s, c) => { c.env = [{ name: 'TLS', value: PEM }]; }) },
  { name: 'a Secret read into env', checkId: 'workload-no-secret-env', target: API, mutate: api((_s, c) => { c.env = [{ name: 'DB', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }]; }) },
  { name: 'a duplicate env name', checkId: 'workload-env-unique', target: API, mutate: api((_s, c) => { c.env = [{ name: 'MODE', value: 'safe' }, { name: 'MODE', value: 'unsafe' }]; }) },
  {
    name: 'a mounted ConfigMap missing from the input',
    checkId: 'workload-config-refs-exist',
    target: API,
    mutate: api((s, c) => {
      s.volumes.push({ name: 'settings', configMap: { name: 'no-such-config' } });
      c.volumeMounts.push({ name: 'settings', mountPath: '/etc/settings', readOnly: true });
    }),
  },
  { name: 'hostAliases', checkId: 'workload-no-host-aliases', target: API, mutate: api((s) => { s.hostAliases = [{ ip: '10.0.0.9', hostnames: ['db.internal'] }]; }) },
  { name: 'placement in kube-system', checkId: 'workload-not-in-system-namespace', target: API, mutate: (d) => { d.metadata.namespace = 'kube-system'; } },
  { name: 'placement in kube-public', checkId: 'workload-not-in-system-namespace', target: JOB_REF, mutate: (j) => { j.metadata.namespace = 'kube-public'; } },
  { name: 'container port 80', checkId: 'workload-no-privileged-ports', target: API, mutate: api((_s, c) => { c.ports[0].containerPort = 80; }) },
  { name: 'container port 22', checkId: 'workload-no-ssh-port', target: API, mutate: api((_s, c) => { c.ports.push({ name: 'ssh', containerPort: 22 }); }) },
  { name: 'a Job without backoffLimit', checkId: 'workload-job-limits', target: JOB_REF, mutate: (j) => { delete j.spec.backoffLimit; } },
  { name: 'a Job without activeDeadlineSeconds', checkId: 'workload-job-limits', target: JOB_REF, mutate: (j) => { delete j.spec.activeDeadlineSeconds; } },
  { name: 'a CronJob template without activeDeadlineSeconds', checkId: 'workload-job-limits', target: CRON_REF, mutate: (c) => { delete c.spec.jobTemplate.spec.activeDeadlineSeconds; } },
  { name: 'a CronJob with concurrencyPolicy Allow', checkId: 'workload-cronjob-policy', target: CRON_REF, mutate: (c) => { c.spec.concurrencyPolicy = 'Allow'; } },
  { name: 'a CronJob without startingDeadlineSeconds', checkId: 'workload-cronjob-policy', target: CRON_REF, mutate: (c) => { delete c.spec.startingDeadlineSeconds; } },
  { name: 'an emptyDir without sizeLimit', checkId: 'workload-empty-dir-size-limit', target: API, mutate: api((s) => { delete s.volumes.find((v: any) => v.emptyDir).emptyDir.sizeLimit; }) },
  { name: 'no PriorityClass', checkId: 'workload-priority-class', target: API, mutate: api((s) => { delete s.priorityClassName; }) },
  { name: 'service links enabled', checkId: 'workload-no-service-links', target: API, mutate: api((s) => { s.enableServiceLinks = true; }) },
  { name: 'a world-readable Secret volume', checkId: 'workload-secret-volume-mode', target: API, mutate: api((s) => { s.volumes.find((v: any) => v.secret).secret.defaultMode = 0o644; }) },
  { name: 'a Job pod with a writable root filesystem', checkId: 'workload-read-only-root-fs', target: JOB_REF, mutate: (j) => { j.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false; } },
  { name: 'a CronJob pod on the default ServiceAccount', checkId: 'workload-service-account', target: CRON_REF, mutate: (c) => { c.spec.jobTemplate.spec.template.spec.serviceAccountName = 'default'; } },
  { name: 'no readiness probe', checkId: 'workload-probes', target: API, mutate: api((_s, c) => { delete c.readinessProbe; }) },
  { name: 'no resource limits', checkId: 'workload-resources', target: API, mutate: api((_s, c) => { delete c.resources.limits; }) },
  { name: 'a low uid', checkId: 'workload-high-uid-gid', target: API, mutate: api((s, c) => { s.securityContext.runAsUser = 1000; c.securityContext.runAsUser = 1000; }) },
  { name: 'a token automounted', checkId: 'workload-no-token-automount', target: API, mutate: api((s) => { s.automountServiceAccountToken = true; }) },
  { name: 'an image without digest', checkId: 'image-digest', target: API, mutate: api((_s, c) => { c.image = 'myregistry.io/shop/api:v1.0.0'; }) },
];

function mutated(m: Mutation): any[] {
  const objects = clone(BASE);
  const target = objects.find((o) => o.kind === m.target[0] && o.metadata?.name === m.target[1]);
  if (!target) throw new Error(`no ${m.target.join(' ')} in the golden path`);
  m.mutate(target);
  return objects;
}

/**
 * Every default src/workloads/defaults.ts declares, and the check of the hardened pack that fails a
 * manifest without it. Keys of SECURITY_CONTEXT are listed one by one, so a new one fails the test
 * until a check judges it.
 */
const PROMISES: Record<string, string[]> = {
  'SECURITY_CONTEXT.runAsNonRoot': ['pss-restricted-run-as-non-root'],
  'SECURITY_CONTEXT.runAsUser': ['workload-high-uid-gid', 'pss-restricted-run-as-user'],
  'SECURITY_CONTEXT.runAsGroup': ['workload-high-uid-gid'],
  'SECURITY_CONTEXT.fsGroup': ['workload-no-root-group'],
  'SECURITY_CONTEXT.seccompProfileType': ['pss-restricted-seccomp-profile-restricted'],
  'SECURITY_CONTEXT.capabilitiesDrop': ['pss-restricted-capabilities-restricted'],
  'SECURITY_CONTEXT.allowPrivilegeEscalation': ['pss-restricted-allow-privilege-escalation'],
  'SECURITY_CONTEXT.privileged': ['pss-restricted-privileged'],
  'SECURITY_CONTEXT.readOnlyRootFilesystem': ['workload-read-only-root-fs'],
  'IMAGE_PULL_POLICY': ['workload-image-pull-always'],
  'SCRATCH_SIZE_LIMIT_MIB': ['workload-empty-dir-size-limit'],
  'FIRST_UNPRIVILEGED_PORT': ['workload-no-privileged-ports'],
  'MIN_REPLICAS': ['workload-replicas'],
  'RESOURCES': ['workload-resources'],
  'PROBE_PATHS': ['workload-probes', 'workload-probes-distinct', 'workload-probe-ports'],
  'ROLLING_UPDATE': ['workload-rolling-update'],
  'DISRUPTION_BUDGET': ['workload-pod-disruption-budget'],
  'TOPOLOGY_SPREAD': ['workload-spread'],
  'HOST_ANTI_AFFINITY': ['workload-spread'],
  'PRIORITY_CLASS': ['workload-priority-class'],
  'CLUSTER_DNS': ['network-policy-coverage', 'namespace-default-deny'],
  'SECRET_FILE_MODE': ['workload-secret-volume-mode', 'workload-no-secret-env'],
  'FORBIDDEN_NAMESPACES': ['namespace-explicit', 'workload-not-in-system-namespace'],
  'SENSITIVE_ENV_NAME_PATTERNS': ['workload-no-secret-literal-env'],
  'PRIVATE_KEY_VALUE_PATTERN': ['workload-no-secret-literal-env'],
  'API_ACCESS': ['workload-no-token-automount'],
  'AUTOSCALING': ['workload-replicas'],
  'JOB': ['workload-job-limits'],
  'CRON_JOB': ['workload-cronjob-policy'],
  'BASELINE_CAPABILITIES': ['pss-restricted-capabilities-restricted'],
};

/** Defaults that are names and values the other defaults use, not promises of their own. */
const NOT_PROMISES = ['NON_ROOT_ID', 'TMP_MOUNT_PATH', 'DEFAULT_PORT', 'DEFAULT_PORT_NAME', 'DEFAULT_CONTAINER_NAME', 'DEFAULT_REPLICAS', 'PROBES',
  'NAMESPACE_NAME_LABEL', 'NAME_LABEL', 'INSTANCE_LABEL', 'CONFIG_FILE_MODE', 'STATEFUL_SET'];

describe('the constructs\' promises', () => {
  test('every default of workloads/defaults.ts has a check in the hardened pack', () => {
    const declared = Object.entries(D).flatMap(([name, value]) => (name === 'SECURITY_CONTEXT'
      ? Object.keys(value as object).map((k) => `${name}.${k}`) : [name])).filter((n) => !NOT_PROMISES.includes(n));
    expect(declared.filter((n) => !(n in PROMISES))).toEqual([]);
    const hardened = PACKS.find((p) => p.id === 'hardened')!.checkIds;
    expect(Object.entries(PROMISES).flatMap(([n, ids]) => ids.filter((id) => !hardened.includes(id)).map((id) => `${n}: ${id}`))).toEqual([]);
  });
});

describe('workload mutations of the golden path', () => {
  test('the golden path has the workloads the mutations change', () => {
    expect(GOLDEN.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort()).toEqual(['api', 'worker']);
    expect(GOLDEN.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api').spec.template.spec.volumes.some((v: any) => v.secret)).toBe(true);
  });

  test.each(PACKS.map((p) => p.id))('the unmutated output, with a Job and a CronJob of the same pod, is clean on the %s pack', (pack) => {
    for (const objects of [GOLDEN, BASE]) {
      const report = evaluate(objects, { pack, now: NOW });
      // The API's projected token is the one deliberate exception: suppressed with its reason, not active.
      expect(report.findings.filter((f) => f.suppressedReason === undefined)
        .map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}: ${f.detail ?? f.reason}`)).toEqual([]);
    }
  });

  test('covers every workload check of the hardened pack at least once', () => {
    const workloadIds = PACKS.find((p) => p.id === 'hardened')!.checkIds.filter((id) => id.startsWith('workload-'))
      .filter((id) => id !== 'workload-pod-disruption-budget');
    expect(workloadIds.filter((id) => !MUTATIONS.some((m) => m.checkId === id))).toEqual([]);
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(20);
  });

  test.each(MUTATIONS.map((m) => [m.name, m] as const))('the hardened pack flags %s', (_name, m) => {
    const report = evaluate(mutated(m), { pack: 'hardened', now: NOW });
    const flagged = report.findings.filter((f) => f.suppressedReason === undefined && f.object.kind === m.target[0] && f.object.name === m.target[1])
      .map((f) => f.checkId);
    expect(flagged).toContain(m.checkId);
  });
});

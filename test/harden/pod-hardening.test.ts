import * as path from 'path';
import { ApiObject, Chart, Include, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { evaluateObjectPodSecurity, PodSecurityLevel } from '../../src/compliance/pss';
import { PodHardening } from '../../src/harden/pod-hardening';
import { Hardening } from '../../src/warnings';
import * as D from '../../src/workloads/defaults';

const fixture = (name: string) => path.join(__dirname, 'fixtures', `${name}.yaml`);
const denials = (objects: any[]) => objects.flatMap((o) => evaluateObjectPodSecurity(PodSecurityLevel.RESTRICTED, 'latest', o)?.results.map((r) => r.checkId) ?? []);

describe('PodHardening.apply', () => {
  test('hardens objects of an Include at synth with the safe defaults', () => {
    const chart = Testing.chart();
    new Include(chart, 'podinfo', { url: fixture('podinfo') });
    const hardening = PodHardening.apply(chart);
    const [deployment] = Testing.synth(chart);
    const spec = deployment.spec.template.spec;
    expect(spec.securityContext).toEqual({ seccompProfile: { type: D.SECURITY_CONTEXT.seccompProfileType } });
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.containers[0]).toMatchObject({
      imagePullPolicy: D.IMAGE_PULL_POLICY,
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      resources: { requests: { 'cpu': '100m', 'memory': '64Mi', 'ephemeral-storage': '128Mi' }, limits: { 'cpu': '2000m', 'ephemeral-storage': '512Mi' } },
    });
    expect(hardening.changes.find((c) => c.rule === 'image-pull-policy')).toMatchObject({
      path: 'test/podinfo/podinfo-deployment', field: '/spec/template/spec/containers/0/imagePullPolicy', before: 'IfNotPresent', after: 'Always', kind: 'safe',
    });
  });

  test('with assumeNonRoot brings an included project to zero Pod Security restricted denials', () => {
    const chart = Testing.chart();
    new Include(chart, 'boutique', { url: fixture('online-boutique') });
    PodHardening.apply(chart, { assumeNonRoot: true });
    expect(denials(Testing.synth(chart))).toEqual([]);
  });

  test('leaves host access as written and records it as a NotFixed warning with the fix', () => {
    const chart = Testing.chart();
    const include = new Include(chart, 'node-exporter', { url: fixture('node-exporter') });
    PodHardening.apply(chart, { assumeNonRoot: true });
    const [daemonSet] = Testing.synth(chart);
    expect(daemonSet.spec.template.spec).toMatchObject({ hostNetwork: true, hostPID: true });
    expect(denials([daemonSet]).sort()).toEqual(['capabilities_restricted', 'hostNamespaces', 'hostPorts', 'restrictedVolumes']);
    const warnings = Hardening.of(include.apiObjects[0]).warnings.filter((w) => w.id === PodHardening.NOT_FIXED_WARNING_ID);
    expect(warnings.map((w) => w.message.split(' ')[0]).sort()).toEqual(['capabilities_restricted', 'hostNamespaces', 'hostPorts', 'restrictedVolumes']);
    expect(warnings[0].message).toContain('; fix: ');
  });

  test('hardens a Helm chart rendered through Include: the safe changes, and the explicit weakening it must not fix', () => {
    // ingress-nginx's own `helm template` output (fixture header): the controller sets
    // allowPrivilegeEscalation: true on purpose and adds NET_BIND_SERVICE for ports 80 and 443.
    const chart = Testing.chart();
    const include = new Include(chart, 'ingress-nginx', { url: fixture('ingress-nginx-helm') });
    const hardening = PodHardening.apply(chart, { assumeNonRoot: true });
    const [controller, job] = Testing.synth(chart);

    const pod = controller.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ seccompProfile: { type: D.SECURITY_CONTEXT.seccompProfileType }, runAsNonRoot: true });
    expect(pod.containers[0].imagePullPolicy).toBe(D.IMAGE_PULL_POLICY);
    expect(pod.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: true, // an explicit value is never overwritten
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      runAsUser: 101,
    });
    expect(pod.containers[0].resources.limits).toBeDefined();
    expect(denials([controller])).toEqual(['allowPrivilegeEscalation']);
    const notFixed = Hardening.of(include.apiObjects[0]).warnings.filter((w) => w.id === PodHardening.NOT_FIXED_WARNING_ID);
    expect(notFixed.map((w) => w.message.split(' ')[0])).toEqual(['allowPrivilegeEscalation']);

    // The certificate Job needed only safe changes: nothing is left for Pod Security restricted.
    expect(job.kind).toBe('Job');
    expect(denials([job])).toEqual([]);
    expect(hardening.changes.filter((c) => c.path === 'test/ingress-nginx/ingress-nginx-admission-create-job-ingress-nginx').map((c) => c.rule))
      .toEqual(['seccomp', 'capabilities-drop', 'image-pull-policy', 'resources', 'resources', 'service-account-token']);
    // The excerpt holds no RoleBinding for the controller's ServiceAccount, so its token is turned off too; with
    // the chart's RBAC in the input (a binding names the ServiceAccount) harden leaves the token alone.
    expect(hardening.changes.some((c) => c.path === 'test/ingress-nginx/ingress-nginx-controller-deployment-ingress-nginx' && c.rule === 'service-account-token')).toBe(true);
  });

  test('hardens plain cdk8s-plus workloads and escape-hatch ApiObjects too, and only under its scope', () => {
    const app = Testing.app();
    const hardened = new Chart(app, 'hardened');
    const other = new Chart(app, 'other');
    new kplus.Deployment(hardened, 'web', { containers: [{ image: 'nginx', portNumber: 80 }] });
    new ApiObject(other, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }] } });
    PodHardening.apply(hardened);
    const [deployment] = Testing.synth(hardened);
    expect(deployment.spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(deployment.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(Testing.synth(other)[0].spec.containers[0].imagePullPolicy).toBeUndefined();
  });

  test('is idempotent across repeated synths', () => {
    const chart = Testing.chart();
    new Include(chart, 'podinfo', { url: fixture('podinfo') });
    const hardening = PodHardening.apply(chart, { assumeNonRoot: true });
    const first = Testing.synth(chart);
    const count = hardening.changes.length;
    expect(Testing.synth(chart)).toEqual(first);
    expect(hardening.changes.length).toBe(count);
  });

  test('applies opt-in image settings and digests from props', () => {
    const chart = Testing.chart();
    new Include(chart, 'podinfo', { url: fixture('podinfo') });
    const digest = `sha256:${'c'.repeat(64)}`;
    PodHardening.apply(chart, {
      images: [{ image: 'ghcr.io/stefanprodan/**', runAsUser: 100, readOnlyRootFilesystem: true, writablePaths: ['/tmp'] }],
      digests: { 'ghcr.io/stefanprodan/podinfo:6.1.1': digest },
      resourceLimits: { memory: '1Gi' },
    });
    const c = Testing.synth(chart)[0].spec.template.spec.containers[0];
    expect(c.image).toBe(`ghcr.io/stefanprodan/podinfo:6.1.1@${digest}`);
    expect(c.securityContext).toMatchObject({ runAsUser: 100, runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(c.volumeMounts).toEqual([{ name: 'harden-writable-podinfod-0', mountPath: '/tmp' }]);
  });

  test('fails at the call on a malformed digest, naming the scope', () => {
    const chart = Testing.chart();
    expect(() => PodHardening.apply(chart, { digests: { nginx: 'sha1:abc' } }))
      .toThrow("PodHardening 'test': digest of image 'nginx' is 'sha1:abc'; use 'sha256:<64 lowercase hex>'");
  });
});

import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IMAGE } from './fixtures';
import { PodSecurityLevel } from '../../src/compliance/pss/level';
import { SecureNamespace } from '../../src/namespace/secure-namespace';
import { Hardening, OptOut } from '../../src/warnings';
import { HardenedDaemonSet, HardenedDaemonSetProps } from '../../src/workloads/hardened-daemon-set';
import { HostAccess } from '../../src/workloads/host-access';

const PATH = "HardenedDaemonSet 'test/agent'";
const LOGS = () => HostAccess.hostPath({ path: '/var/log', mountPath: '/host/var/log', optOut: OptOut.because('ships node logs to the SIEM') });

function setup(props: Partial<HardenedDaemonSetProps> = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const d = new HardenedDaemonSet(chart, 'agent', { namespace: 'monitoring', name: 'agent', image: IMAGE, ...props });
  const synth = () => Testing.synth(chart);
  const byKind = (kind: string) => synth().filter((o: any) => o.kind === kind);
  const ds = () => byKind('DaemonSet')[0];
  return { app, chart, d, synth, byKind, ds, pod: () => ds().spec.template.spec };
}

describe('HardenedDaemonSet defaults', () => {
  test('matches the defaults snapshot', () => {
    expect(setup().synth()).toMatchSnapshot();
  });

  test('has no host access, no spread rules and no PodDisruptionBudget, and needs only Pod Security restricted', () => {
    const { d, pod, byKind } = setup();
    expect(pod().hostNetwork).toBe(false);
    expect(pod().hostPID).toBeUndefined();
    expect(pod().volumes.some((v: any) => v.hostPath)).toBe(false);
    expect(pod().topologySpreadConstraints).toBeUndefined();
    expect(pod().affinity).toBeUndefined();
    expect(byKind('PodDisruptionBudget')).toEqual([]);
    expect(d.requiredPodSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('carries a Polaris topologySpreadConstraint exemption with the reason (one pod per node)', () => {
    expect(setup().ds().metadata.annotations).toEqual({
      'polaris.fairwinds.com/topologySpreadConstraint-exempt': 'true',
      'cdk8s-hardened.io/polaris-exemption-reason': 'topologySpreadConstraint: a DaemonSet runs exactly one pod per node, so there is nothing to spread',
    });
  });

  test('selects its pods by name and instance labels', () => {
    expect(setup().ds().spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent' } });
  });
});

describe('HardenedDaemonSet host access', () => {
  test('mounts a host path read-only (type Directory) and records the level its namespace needs', () => {
    const { d, pod } = setup({ hostAccess: [LOGS()] });
    expect(pod().volumes).toContainEqual({ name: 'host-1', hostPath: { path: '/var/log', type: 'Directory' } });
    expect(pod().containers[0].volumeMounts).toContainEqual({ name: 'host-1', mountPath: '/host/var/log', readOnly: true });
    expect(d.requiredPodSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(Hardening.of(d).warnings).toContainEqual(expect.objectContaining({
      id: 'HardenedDaemonSet.HostPath',
      message: "uses hostPath '/var/log', so its namespace must allow Pod Security 'privileged': ships node logs to the SIEM",
    }));
  });

  test('mounts a writable host path when asked', () => {
    const access = HostAccess.hostPath({ path: '/var/lib/agent', mountPath: '/state', writable: true, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, optOut: OptOut.because('keeps its cursor across restarts') });
    const { pod } = setup({ hostAccess: [access] });
    expect(pod().volumes).toContainEqual({ name: 'host-1', hostPath: { path: '/var/lib/agent', type: 'DirectoryOrCreate' } });
    expect(pod().containers[0].volumeMounts).toContainEqual({ name: 'host-1', mountPath: '/state', readOnly: false });
  });

  test('uses the host network and PID namespaces only through named opt-outs', () => {
    const { d, pod } = setup({
      hostAccess: [HostAccess.hostNetwork(OptOut.because('measures node network traffic')), HostAccess.hostPid(OptOut.because('reads per-process metrics'))],
    });
    expect(pod().hostNetwork).toBe(true);
    expect(pod().hostPID).toBe(true);
    expect(Hardening.of(d).warnings.map((w) => w.id)).toEqual(['HardenedDaemonSet.HostNetwork', 'HardenedDaemonSet.HostPid']);
  });

  test('writes a Polaris exemption per host access, carrying its opt-out reason', () => {
    const { ds } = setup({ hostAccess: [LOGS(), HostAccess.hostPid(OptOut.because('reads per-process metrics'))] });
    expect(ds().metadata.annotations).toEqual({
      'polaris.fairwinds.com/topologySpreadConstraint-exempt': 'true',
      'polaris.fairwinds.com/hostPathSet-exempt': 'true',
      'polaris.fairwinds.com/hostPIDSet-exempt': 'true',
      'cdk8s-hardened.io/polaris-exemption-reason': 'topologySpreadConstraint: a DaemonSet runs exactly one pod per node, so there is nothing to spread; '
        + 'hostPathSet: opted out: ships node logs to the SIEM; hostPIDSet: opted out: reads per-process metrics',
    });
  });

  test('needs baseline for a baseline capability and privileged for any other', () => {
    const chown = setup({ addCapabilities: { capabilities: [kplus.Capability.CHOWN], optOut: OptOut.because('fixes file ownership') } });
    expect(chown.d.requiredPodSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    const admin = setup({ addCapabilities: { capabilities: [kplus.Capability.SYS_ADMIN], optOut: OptOut.because('mounts filesystems') } });
    expect(admin.d.requiredPodSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('fails on a relative host path', () => {
    expect(() => setup({ hostAccess: [HostAccess.hostPath({ path: 'var/log', mountPath: '/logs', optOut: OptOut.because('ships node logs') })] })).toThrow(
      `${PATH}: hostAccess hostPath 'var/log' is not an absolute node path without '..'`);
  });

  test('fails on the node root', () => {
    expect(() => setup({ hostAccess: [HostAccess.hostPath({ path: '/', mountPath: '/host', optOut: OptOut.because('wants everything') })] })).toThrow(
      `${PATH}: hostAccess hostPath '/' mounts the whole node; mount the one directory the agent needs`);
  });

  test('fails when the same host namespace is listed twice', () => {
    const net = () => HostAccess.hostNetwork(OptOut.because('measures node network traffic'));
    expect(() => setup({ hostAccess: [net(), net()] })).toThrow(`${PATH}: hostAccess lists hostNetwork twice; name it once`);
  });
});

describe('SecureNamespace and a HardenedDaemonSet with host access', () => {
  test('fails synthesis when a restricted namespace would host it', () => {
    const { app, chart } = setup({ hostAccess: [LOGS()] });
    new SecureNamespace(chart, 'ns', { name: 'monitoring' });
    expect(() => app.synth()).toThrow(
      "SecureNamespace 'test/ns': HardenedDaemonSet 'test/agent' needs Pod Security 'privileged' (hostPath '/var/log': ships node logs to the SIEM) but namespace 'monitoring' enforces 'restricted'; lower podSecurityLevel with podSecurityOptOut, drop the host access, or pass hostAccessWorkloads: OptOut.because('<why>')");
  });

  test('accepts it in a namespace enforcing a level that admits it', () => {
    const { app, chart } = setup({ hostAccess: [LOGS()] });
    new SecureNamespace(chart, 'ns', { name: 'monitoring', podSecurityLevel: PodSecurityLevel.PRIVILEGED, podSecurityOptOut: OptOut.because('node agents need host paths') });
    expect(() => app.synth()).not.toThrow();
  });

  test('accepts it when told, recording a warning', () => {
    const { app, chart } = setup({ hostAccess: [LOGS()] });
    const ns = new SecureNamespace(chart, 'ns', { name: 'monitoring', hostAccessWorkloads: OptOut.because('a PSA exemption covers the agent') });
    expect(() => app.synth()).not.toThrow();
    expect(Hardening.of(ns).warnings.map((w) => w.id)).toContain('SecureNamespace.HostAccessWorkloads');
  });

  test('fails synthesis when told but no workload needs it (a stale opt-out)', () => {
    const { app, chart } = setup();
    new SecureNamespace(chart, 'ns', { name: 'monitoring', hostAccessWorkloads: OptOut.because('a PSA exemption covers the agent') });
    expect(() => app.synth()).toThrow(
      "SecureNamespace 'test/ns': hostAccessWorkloads is set but no workload in namespace 'monitoring' needs a weaker Pod Security level than 'restricted'; remove the opt-out so no stale exception is recorded");
  });

  test('ignores a DaemonSet without host access and one in another namespace', () => {
    const { app, chart } = setup();
    new HardenedDaemonSet(chart, 'other', { namespace: 'logging', name: 'other', image: IMAGE, hostAccess: [LOGS()] });
    new SecureNamespace(chart, 'ns', { name: 'monitoring' });
    expect(() => app.synth()).not.toThrow();
  });
});

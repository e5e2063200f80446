import { ApiObject, Chart, Testing } from 'cdk8s';
import { SecureNamespace } from '../../src/namespace/secure-namespace';
import { Attestor } from '../../src/supply-chain/attestor';
import { SignedImagePolicy } from '../../src/supply-chain/signed-image-policy';
import { HardenedCronJob } from '../../src/workloads/hardened-cron-job';
import { HardenedDaemonSet } from '../../src/workloads/hardened-daemon-set';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';
import { HardenedJob } from '../../src/workloads/hardened-job';
import { HardenedStatefulSet } from '../../src/workloads/hardened-stateful-set';
import { HardenedWorkload } from '../../src/workloads/hardened-workload';
import { HardenedWorkloadProps } from '../../src/workloads/pod/workload-props';
import { IHardenedWorkload } from '../../src/workloads/workload';

export const DIGEST = `sha256:${'a'.repeat(64)}`;
export const IMAGE = `registry.example.com/team/app:1.0.0@${DIGEST}`;
export const SIDECAR_IMAGE = `registry.example.com/team/proxy@sha256:${'b'.repeat(64)}`;

/** The security context of every hardened container. */
export const HARDENED_CONTAINER_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: 65532,
  runAsGroup: 65532,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** One hardened controller kind, and where its pod template sits in the rendered object. */
export interface KindCase {
  readonly kind: string;
  readonly className: string;
  readonly longRunning: boolean;
  make(chart: Chart, props: Partial<HardenedWorkloadProps> & { [key: string]: any }): HardenedWorkload & IHardenedWorkload;
  template(object: any): any;
  /** The cdk8s-plus workload (the `Resource` child). */
  resource(w: HardenedWorkload): any;
}

const base = (props: any) => ({ namespace: 'production', name: 'app', image: IMAGE, ...props });

export const KINDS: KindCase[] = [
  {
    kind: 'Deployment',
    className: 'HardenedDeployment',
    longRunning: true,
    make: (c, p) => new HardenedDeployment(c, 'w', base(p)),
    template: (o) => o.spec.template,
    resource: (w) => (w as HardenedDeployment).deployment,
  },
  {
    kind: 'StatefulSet',
    className: 'HardenedStatefulSet',
    longRunning: true,
    make: (c, p) => new HardenedStatefulSet(c, 'w', base(p)),
    template: (o) => o.spec.template,
    resource: (w) => (w as HardenedStatefulSet).statefulSet,
  },
  {
    kind: 'Job',
    className: 'HardenedJob',
    longRunning: false,
    make: (c, p) => new HardenedJob(c, 'w', base(p)),
    template: (o) => o.spec.template,
    resource: (w) => (w as HardenedJob).job,
  },
  {
    kind: 'CronJob',
    className: 'HardenedCronJob',
    longRunning: false,
    make: (c, p) => new HardenedCronJob(c, 'w', base({ schedule: '0 3 * * *', ...p })),
    template: (o) => o.spec.jobTemplate.spec.template,
    resource: (w) => (w as HardenedCronJob).cronJob,
  },
  {
    kind: 'DaemonSet',
    className: 'HardenedDaemonSet',
    longRunning: true,
    make: (c, p) => new HardenedDaemonSet(c, 'w', base(p)),
    template: (o) => o.spec.template,
    resource: (w) => (w as HardenedDaemonSet).daemonSet,
  },
];

/** Builds one kind in a fresh chart and returns accessors on its synthesized objects. */
export function build(k: KindCase, props: any = {}) {
  const chart = Testing.chart();
  const w = k.make(chart, props);
  const synth = () => Testing.synth(chart);
  const byKind = (kind: string) => synth().filter((o: any) => o.kind === kind);
  const controller = () => byKind(k.kind)[0];
  const template = () => k.template(controller());
  const pod = () => template().spec;
  const container = (i = 0) => pod().containers[i];
  return { chart, w, synth, byKind, controller, template, pod, container };
}

/** A SecureNamespace and an image signature policy, so a chart can be judged against every pack. */
export function complianceContext(chart: Chart, namespace: string): void {
  new SecureNamespace(chart, `ns-${namespace}`, { name: namespace });
  if (!chart.node.tryFindChild('signing')) {
    new SignedImagePolicy(chart, 'signing', {
      imageReferences: ['registry.example.com/*', 'ghcr.io/*'],
      attestors: [Attestor.githubActions({ repository: 'example/app', workflow: '.github/workflows/release.yml' })],
    });
  }
}

/** The escape hatch: the kplus workload's API object. */
export function apiObjectOf(k: KindCase, w: HardenedWorkload): ApiObject {
  return ApiObject.of(k.resource(w));
}

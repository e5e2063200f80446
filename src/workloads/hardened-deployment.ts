import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AutoscalingOptions, createAutoscaler } from './autoscaling';
import * as D from './defaults';
import { DisruptionBudget } from './disruption-budget';
import { HardenedWorkload } from './hardened-workload';
import { HardenedPod } from './pod/pod-template';
import { addPolarisExemption, AUTOSCALED_REPLICAS_REASON } from './pod/polaris-exemption';
import { createDisruptionBudget, resolveDisruptionBudget, resolveReplicas } from './pod/replicas';
import { HardenedReplicatedWorkloadProps } from './pod/workload-props';
import { IHardenedWorkload } from './workload';

export { CapabilityOptOut, HardenedContainerOptions, HardenedContainerProps } from './pod/container';

/**
 * Properties of a HardenedDeployment.
 */
export interface HardenedDeploymentProps extends HardenedReplicatedWorkloadProps {}

/**
 * A Deployment that passes Pod Security "restricted", Polaris and kube-score with no extra effort.
 *
 * Built on cdk8s-plus-28's Deployment (child id `Resource`; escape hatch `ApiObject.of(d.deployment)`).
 * Each default closes one threat:
 * - non-root uid/gid 65532, `allowPrivilegeEscalation: false`, `privileged: false`, `capabilities.drop: [ALL]`,
 *   seccomp `RuntimeDefault` (pod and container): a compromised process cannot become root, gain
 *   capabilities or make dangerous syscalls.
 * - read-only root filesystem with a private size-limited `/tmp`: no tampering with binaries, no disk filling.
 * - images pinned by digest, `imagePullPolicy: Always`: the pod runs exactly the reviewed image.
 * - no service account token mounted and a dedicated LeastPrivilegeServiceAccount: a stolen pod holds no API credentials.
 * - a per-workload NetworkPolicy (ingress from declared peers only, egress to DNS and declared peers):
 *   a compromised pod cannot scan or exfiltrate freely.
 * - requests and limits for cpu, memory and ephemeral storage: one pod cannot starve a node.
 * - 2+ replicas spread over zones and nodes, a PodDisruptionBudget, rolling updates without loss of
 *   capacity, distinct readiness/liveness probes: availability is part of security.
 * - secrets only as read-only files (`mountSecret`), never env vars: they do not leak into crash dumps,
 *   `kubectl describe` or child processes.
 */
export class HardenedDeployment extends HardenedWorkload implements IHardenedWorkload {
  /** The number of replicas, until `autoscale()` hands them to the HPA (the Deployment then renders none). */
  public readonly replicas: number;

  /** The cdk8s-plus Deployment (child id `Resource`). */
  public readonly deployment: kplus.Deployment;

  /** The PodDisruptionBudget (child id `DisruptionBudget`). */
  public readonly podDisruptionBudget: ApiObject;

  private readonly budget: DisruptionBudget;

  public constructor(scope: Construct, id: string, props: HardenedDeploymentProps) {
    super(scope, id);
    this._pod = new HardenedPod(this, props, { kind: 'HardenedDeployment', longRunning: true, spread: true, selects: true });
    this.replicas = resolveReplicas(this, this._pod, props);
    const budget = resolveDisruptionBudget(this, props.disruptionBudget, this.replicas);
    this.budget = budget;

    this.deployment = new kplus.Deployment(this, 'Resource', {
      ...this._pod.workloadProps(),
      replicas: this.replicas,
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(D.ROLLING_UPDATE.maxSurgePercent),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(D.ROLLING_UPDATE.maxUnavailable),
      }),
    });
    this._pod.attach(this.deployment, '/spec/template/spec');
    this.podDisruptionBudget = createDisruptionBudget(this, this._pod, budget);
    this._networkPolicy = this._pod.createNetworkPolicy();
  }

  /**
   * The main container's port.
   *
   * Always set here (8080 unless given); typed optional because the `IHardenedWorkload` contract
   * also covers Jobs, which declare no port.
   */
  public get port(): number | undefined {
    return this._pod.port;
  }

  /**
   * Scales the pods with an `autoscaling/v2` HorizontalPodAutoscaler (child id `Autoscaler`).
   *
   * The Deployment then renders no `spec.replicas` (the HPA owns them; a fixed count would fight it),
   * the HPA keeps at least 2 pods, and the PodDisruptionBudget is checked against the minimum so it
   * never blocks an eviction. Polaris `deploymentMissingReplicas` cannot see the HPA, so the
   * Deployment carries a Polaris exemption for that check, with the reason.
   */
  public autoscale(options: AutoscalingOptions): ApiObject {
    const hpa = createAutoscaler(this, this._pod, this.deployment, this.budget, options);
    addPolarisExemption(ApiObject.of(this.deployment), 'deploymentMissingReplicas', AUTOSCALED_REPLICAS_REASON);
    return hpa;
  }
}

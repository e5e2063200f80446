import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as D from './defaults';
import { HardenedWorkload } from './hardened-workload';
import { HardenedJobProps, exemptFromIngressRule, resolveJobSpec } from './pod/job-spec';
import { HardenedPod } from './pod/pod-template';
import { NO_INGRESS_REASON } from './pod/polaris-exemption';
import { IHardenedWorkload } from './workload';

export { HardenedJobOptions, HardenedJobProps } from './pod/job-spec';

/**
 * A Job with the same restricted pod as HardenedDeployment, run to completion.
 *
 * Built on cdk8s-plus-28's Job (child id `Resource`; escape hatch `ApiObject.of(j.job)`). On top of
 * the hardened pod: a retry limit, a deadline (a hung run cannot hold resources forever), removal a
 * day after finishing, `restartPolicy: Never`, no probes required, no PodDisruptionBudget (a
 * disruption only retries the run) and a NetworkPolicy that denies all ingress: a Job accepts no
 * traffic, so nothing can reach a compromised run.
 */
export class HardenedJob extends HardenedWorkload implements IHardenedWorkload {
  /** The cdk8s-plus Job (child id `Resource`). */
  public readonly job: kplus.Job;

  public constructor(scope: Construct, id: string, props: HardenedJobProps) {
    super(scope, id);
    this._pod = new HardenedPod(this, props, { kind: 'HardenedJob', longRunning: false, refuseIngress: NO_INGRESS_REASON, spread: false, selects: false });
    const run = resolveJobSpec(this, props, D.JOB.ttlSecondsAfterFinished);
    this.job = new kplus.Job(this, 'Resource', { ...this._pod.workloadProps(), ...run });
    this._pod.attach(this.job, '/spec/template/spec');
    exemptFromIngressRule(ApiObject.of(this.job));
    this._networkPolicy = this._pod.createNetworkPolicy();
  }

  /** The main container's port, if it declares one (a Job accepts no traffic on it). */
  public get port(): number | undefined {
    return this._pod.port;
  }
}

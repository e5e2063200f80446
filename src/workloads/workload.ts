import { IConstruct } from 'constructs';
import { LeastPrivilegeServiceAccount } from '../rbac/least-privilege-service-account';
import { EgressRule, IngressRule } from './network-rules';

/**
 * A hardened workload: the contract every Hardened* controller construct keeps.
 *
 * Services, Ingresses and traffic wiring (`connectTo`) are written against this interface, so they
 * work the same for a Deployment, a StatefulSet or any later controller kind.
 */
export interface IHardenedWorkload extends IConstruct {
  /** `metadata.name` of the controller object (also its NetworkPolicy, ServiceAccount and PodDisruptionBudget). */
  readonly name: string;

  /** The namespace of every object the workload emits. */
  readonly namespace: string;

  /** Labels on every emitted object and on the pods. */
  readonly labels: { [key: string]: string };

  /** Labels selecting exactly this workload's pods. */
  readonly selectorLabels: { [key: string]: string };

  /**
   * The main container's port.
   *
   * @default - the main container declares no port
   */
  readonly port?: number;

  /** The ServiceAccount the pods run as. */
  readonly serviceAccount: LeastPrivilegeServiceAccount;

  /** Every TCP/UDP port a container of the pod declares. */
  declaredPorts(): number[];

  /** Allows more traffic into the pods (the workload's own NetworkPolicy). */
  allowIngress(rule: IngressRule): void;

  /** Allows more traffic out of the pods (the workload's own NetworkPolicy). */
  allowEgress(rule: EgressRule): void;
}

import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { EgressRule, IngressRule } from './network-rules';
import { LeastPrivilegeServiceAccount } from '../rbac/least-privilege-service-account';

/**
 * Options of `connectTo`.
 */
export interface ConnectOptions {
  /**
   * The target's container port the client may connect to (it must be declared by a target container).
   *
   * @default - the target's main port
   */
  readonly port?: number;

  /**
   * Transport protocol.
   *
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;
}

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

  /**
   * Lets this workload's pods connect to the target's pods: writes this workload's egress rule and
   * the target's ingress rule, within or across namespaces, so no label string is written twice.
   */
  connectTo(target: IHardenedWorkload, options?: ConnectOptions): void;
}

import { IConstruct } from 'constructs';
import { constructError, quote } from '../../private/errors';
import { OptOut } from '../../warnings';
import * as D from '../defaults';
import { isCidr } from '../network-rules';
import { isPort } from './mounts';

/**
 * Properties of `ApiAccess.of()`.
 */
export interface ApiAccessProps {
  /**
   * Why the pod must call the Kubernetes API (written into the pod template annotation
   * `cdk8s-hardened.io/api-access`, so the manifest alone shows the deliberate exception).
   */
  readonly optOut: OptOut;

  /**
   * The audience the token is bound to.
   *
   * Leave it unset to call the API server: the token is then bound to the API server's own
   * audiences and is refused by every other service that validates audiences.
   *
   * @default - the API server's audiences
   */
  readonly audience?: string;

  /**
   * Lifetime of the token in seconds.
   *
   * The kubelet renews it at 80% of its life. A short life bounds what a stolen token is worth. The API server refuses less than 600.
   *
   * @default 600
   */
  readonly expirationSeconds?: number;

  /**
   * Where the API server's endpoints are (egress is allowed to these ranges only).
   *
   * NetworkPolicies see the API server's endpoint addresses (the control-plane nodes or a managed
   * endpoint), not the `kubernetes` Service IP; name them when you know them.
   *
   * @default ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] (private ranges, never the internet)
   */
  readonly apiServerCidrs?: string[];

  /**
   * TCP ports of the API server endpoints.
   *
   * @default [443, 6443]
   */
  readonly ports?: number[];

  /**
   * The container that gets the token.
   *
   * @default - the main container
   */
  readonly containerName?: string;
}

/**
 * An explicit, reasoned opt-in for pods that must call the Kubernetes API server.
 *
 * Hardened pods never get the legacy automounted token (`automountServiceAccountToken: false`
 * stays). This mounts instead a projected, short-lived, audience-bound ServiceAccount token (with
 * the cluster CA and the namespace, where client libraries look for them), allows egress to the API
 * server only, and annotates the pod template with the reason.
 *
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
 */
export class ApiAccess {
  /**
   * Grants the pods a token for the API server, for a stated reason.
   */
  public static of(props: ApiAccessProps): ApiAccess {
    return new ApiAccess(props);
  }

  /** Why the pods call the API. */
  public readonly reason: string;

  /** The token audience, if bound to one other than the API server's. */
  public readonly audience?: string;

  /** Token lifetime in seconds. */
  public readonly expirationSeconds: number;

  /** Egress destinations of the API server. */
  public readonly apiServerCidrs: string[];

  /** Egress ports of the API server. */
  public readonly ports: number[];

  /** The container that gets the token (undefined: the main container). */
  public readonly containerName?: string;

  private constructor(props: ApiAccessProps) {
    this.reason = props.optOut.reason;
    this.audience = props.audience;
    this.expirationSeconds = props.expirationSeconds ?? D.API_ACCESS.expirationSeconds;
    this.apiServerCidrs = [...(props.apiServerCidrs ?? D.API_ACCESS.apiServerCidrs)];
    this.ports = [...(props.ports ?? D.API_ACCESS.ports)];
    this.containerName = props.containerName;
  }

  /**
   * Throws unless every option is valid.
   *
   * @internal
   */
  public _validate(scope: IConstruct): void {
    const { min, max } = D.API_ACCESS.expirationRange;
    if (!Number.isInteger(this.expirationSeconds) || this.expirationSeconds < min || this.expirationSeconds > max) {
      throw constructError(scope, `apiAccess expirationSeconds ${quote(this.expirationSeconds)} is not allowed; use an integer from ${min} (the API server's minimum) to ${max}`);
    }
    if (this.audience !== undefined && (typeof this.audience !== 'string' || this.audience.trim() === '')) {
      throw constructError(scope, `apiAccess audience ${quote(this.audience)} is empty; omit it for the API server's audiences`);
    }
    if (this.apiServerCidrs.length === 0) throw constructError(scope, 'apiAccess apiServerCidrs is empty; name the API server endpoint ranges or omit it for the private ranges');
    const bad = this.apiServerCidrs.find((c) => !isCidr(c));
    if (bad !== undefined) throw constructError(scope, `apiAccess apiServerCidrs entry ${quote(bad)} is not a CIDR; use e.g. '10.0.0.1/32'`);
    if (this.ports.length === 0 || this.ports.some((p) => !isPort(p))) {
      throw constructError(scope, `apiAccess ports ${quote(this.ports)} is not allowed; list ports between 1 and 65535, e.g. [443, 6443]`);
    }
  }
}

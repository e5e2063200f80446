import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as D from './defaults';
import { DNS1035_LABEL_RULE, describeValue, isDns1035Label, isIpAddress } from './validation';
import { constructError, quote } from '../private/errors';
import { DNS1123_LABEL_RULE, isDns1123Label, isDns1123Subdomain } from '../private/validation';
import { Hardening, OptOut } from '../warnings';
import { FORBIDDEN_NAMESPACES } from '../workloads/defaults';


/**
 * Properties of an ExternalNameService.
 */
export interface ExternalNameServiceProps {
  /** The namespace (a DNS-1123 label, not `default` nor a `kube-*` system namespace). */
  readonly namespace: string;

  /** `metadata.name` of the Service (a DNS-1035 label). */
  readonly name: string;

  /** The DNS name the Service name resolves to (a CNAME), e.g. `db.example.com`. */
  readonly externalName: string;

  /**
   * Why an in-cluster name must point outside the cluster.
   *
   * Security note: an ExternalName Service is a CNAME any client, proxy or ingress controller follows
   * without a NetworkPolicy or TLS name check in between; pointed at another namespace's Service or a
   * metadata endpoint it becomes a confused deputy (CVE-2021-25740).
   */
  readonly optOut: OptOut;
}

/**
 * An ExternalName Service: an in-cluster DNS alias for an external host, only through a named opt-out.
 *
 * It selects no pods and has no NetworkPolicy effect: clients still need an egress rule to the
 * destination. IP addresses, `localhost` and cloud metadata names are refused (an IP is not a CNAME
 * target, and those names turn the alias into SSRF). Leaves the warning `ExternalNameService.ExternalName`.
 *
 * Child id `Resource` is the Service.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#externalname
 */
export class ExternalNameService extends Construct {
  /** `metadata.name` of the Service. */
  public readonly name: string;

  /** The namespace. */
  public readonly namespace: string;

  /** The external DNS name. */
  public readonly externalName: string;

  /** The in-cluster DNS name: `<name>.<namespace>.svc`. */
  public readonly dnsName: string;

  /** The Service object (child id `Resource`). */
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: ExternalNameServiceProps) {
    super(scope, id);
    if (!isDns1123Label(props.namespace) || FORBIDDEN_NAMESPACES.includes(props.namespace)) {
      throw constructError(this, `namespace ${quote(props.namespace)} is not allowed; use ${DNS1123_LABEL_RULE}, not ${FORBIDDEN_NAMESPACES.join(', ')}`);
    }
    if (!isDns1035Label(props.name)) {
      throw constructError(this, `name ${quote(props.name)} is not a valid Service name; use ${DNS1035_LABEL_RULE}`);
    }
    const target = props.externalName;
    if (!isDns1123Subdomain(target) || isIpAddress(target) || /^[0-9.]+$/.test(target)) {
      throw constructError(this, `externalName ${quote(target)} is not allowed; use a DNS name (a DNS-1123 subdomain, not an IP address), e.g. 'db.example.com'`);
    }
    if (D.FORBIDDEN_EXTERNAL_NAMES.some((n) => target === n || target.endsWith(`.${n}`))) {
      throw constructError(this, `externalName '${target}' points at a local or cloud metadata endpoint (${D.FORBIDDEN_EXTERNAL_NAMES.join(', ')}), which would turn the alias into server-side request forgery; name the external service's own host`);
    }
    if (!(props.optOut instanceof OptOut)) {
      throw constructError(this, `optOut ${describeValue(props.optOut)} is not an OptOut; pass optOut: OptOut.because('<why an in-cluster alias is needed>')`);
    }
    this.name = props.name;
    this.namespace = props.namespace;
    this.externalName = target;
    this.dnsName = `${this.name}.${this.namespace}.svc`;
    Hardening.of(this).addWarning('ExternalNameService.ExternalName', `aliases '${this.dnsName}' to the external name '${target}': ${props.optOut.reason}`);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: this.name, namespace: this.namespace },
      spec: { type: 'ExternalName', externalName: target },
    });
  }
}

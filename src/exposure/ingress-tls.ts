import * as D from './defaults';
import { isDns1123Subdomain } from '../private/validation';

/**
 * Options of a cert-manager issued Ingress certificate.
 */
export interface CertManagerTlsOptions {
  /**
   * The Secret cert-manager writes the certificate and key into.
   *
   * @default - the Ingress name followed by `-tls`
   */
  readonly secretName?: string;
}

/**
 * Where an Ingress's TLS certificate comes from.
 *
 * TLS is required on every HardenedIngress: the controller terminates HTTPS and, with a certificate
 * configured, ingress-nginx redirects plain HTTP to HTTPS. Either name an existing Secret or let
 * cert-manager issue and renew the certificate.
 *
 * @example
 * IngressTls.certManagerClusterIssuer('letsencrypt-production')
 */
export class IngressTls {
  /**
   * A certificate already stored in a `kubernetes.io/tls` Secret of the Ingress's namespace.
   *
   * @param secretName the Secret's name (a DNS-1123 subdomain)
   */
  public static fromSecret(secretName: string): IngressTls {
    checkName('IngressTls.fromSecret', 'secret name', secretName, 'shop-tls');
    return new IngressTls(secretName, undefined, undefined);
  }

  /**
   * A certificate issued by a cert-manager ClusterIssuer (annotation `cert-manager.io/cluster-issuer`).
   *
   * @param issuerName the ClusterIssuer's name
   */
  public static certManagerClusterIssuer(issuerName: string, options: CertManagerTlsOptions = {}): IngressTls {
    return IngressTls.certManager('IngressTls.certManagerClusterIssuer', D.CERT_MANAGER_CLUSTER_ISSUER_ANNOTATION, issuerName, options);
  }

  /**
   * A certificate issued by a cert-manager Issuer of the Ingress's namespace (annotation `cert-manager.io/issuer`).
   *
   * @param issuerName the Issuer's name
   */
  public static certManagerIssuer(issuerName: string, options: CertManagerTlsOptions = {}): IngressTls {
    return IngressTls.certManager('IngressTls.certManagerIssuer', D.CERT_MANAGER_ISSUER_ANNOTATION, issuerName, options);
  }

  private static certManager(what: string, annotation: string, issuerName: string, options: CertManagerTlsOptions): IngressTls {
    checkName(what, 'issuer name', issuerName, 'letsencrypt-production');
    if (options.secretName !== undefined) checkName(what, 'secretName', options.secretName, 'shop-tls');
    return new IngressTls(options.secretName, annotation, issuerName);
  }

  /**
   * The certificate's Secret name.
   *
   * @default - derived from the Ingress name (`<name>-tls`) for cert-manager issued certificates
   */
  public readonly secretName?: string;

  /**
   * The cert-manager issuer annotation key (`cert-manager.io/cluster-issuer` or `cert-manager.io/issuer`).
   *
   * @default - none: the certificate is an existing Secret
   */
  public readonly issuerAnnotation?: string;

  /**
   * The cert-manager issuer's name.
   *
   * @default - none: the certificate is an existing Secret
   */
  public readonly issuerName?: string;

  private constructor(secretName: string | undefined, issuerAnnotation: string | undefined, issuerName: string | undefined) {
    this.secretName = secretName;
    this.issuerAnnotation = issuerAnnotation;
    this.issuerName = issuerName;
  }

  /**
   * The Secret name and annotations for an Ingress.
   *
   * @internal
   */
  public _render(ingressName: string): { secretName: string; annotations: { [key: string]: string } } {
    const secretName = this.secretName ?? `${ingressName}${D.TLS_SECRET_SUFFIX}`;
    const annotations: { [key: string]: string } = {};
    if (this.issuerAnnotation !== undefined && this.issuerName !== undefined) annotations[this.issuerAnnotation] = this.issuerName;
    return { secretName, annotations };
  }
}

function checkName(what: string, field: string, value: unknown, example: string): void {
  if (!isDns1123Subdomain(value)) {
    throw new Error(`${what}: ${field} ${JSON.stringify(value)} is not valid; use a DNS-1123 subdomain (lowercase alphanumerics, '-' or '.', e.g. '${example}')`);
  }
}

import { IngressTls } from '../../src/exposure/ingress-tls';

describe('IngressTls', () => {
  test('fromSecret names an existing Secret and no issuer', () => {
    const tls = IngressTls.fromSecret('shop-tls');
    expect([tls.secretName, tls.issuerAnnotation, tls.issuerName]).toEqual(['shop-tls', undefined, undefined]);
    expect(tls._render('web')).toEqual({ secretName: 'shop-tls', annotations: {} });
  });

  test('certManagerClusterIssuer annotates cert-manager.io/cluster-issuer and derives <ingress>-tls', () => {
    const tls = IngressTls.certManagerClusterIssuer('letsencrypt-production');
    expect([tls.secretName, tls.issuerAnnotation, tls.issuerName]).toEqual([undefined, 'cert-manager.io/cluster-issuer', 'letsencrypt-production']);
    expect(tls._render('web')).toEqual({ secretName: 'web-tls', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-production' } });
  });

  test('certManagerIssuer annotates cert-manager.io/issuer and keeps a given Secret name', () => {
    const tls = IngressTls.certManagerIssuer('shop-ca', { secretName: 'shop-cert' });
    expect(tls._render('web')).toEqual({ secretName: 'shop-cert', annotations: { 'cert-manager.io/issuer': 'shop-ca' } });
  });

  test('fails when the Secret name is not a DNS-1123 subdomain', () => {
    expect(() => IngressTls.fromSecret('Shop_TLS')).toThrow(
      'IngressTls.fromSecret: secret name "Shop_TLS" is not valid; use a DNS-1123 subdomain (lowercase alphanumerics, \'-\' or \'.\', e.g. \'shop-tls\')');
  });

  test('fails when the issuer name is not a DNS-1123 subdomain', () => {
    expect(() => IngressTls.certManagerClusterIssuer('')).toThrow(
      'IngressTls.certManagerClusterIssuer: issuer name "" is not valid; use a DNS-1123 subdomain (lowercase alphanumerics, \'-\' or \'.\', e.g. \'letsencrypt-production\')');
  });

  test('fails when a cert-manager secretName is not a DNS-1123 subdomain', () => {
    expect(() => IngressTls.certManagerIssuer('shop-ca', { secretName: '-tls' })).toThrow(
      'IngressTls.certManagerIssuer: secretName "-tls" is not valid; use a DNS-1123 subdomain (lowercase alphanumerics, \'-\' or \'.\', e.g. \'shop-tls\')');
  });
});

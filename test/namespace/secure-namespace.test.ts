import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PodSecurityLevel } from '../../src/compliance/pss/level';
import { SecureNamespace, SecureNamespaceProps } from '../../src/namespace/secure-namespace';
import { Attestor } from '../../src/supply-chain/attestor';
import { ImagePolicyBackend, SignedImagePolicy } from '../../src/supply-chain/signed-image-policy';
import { Hardening, OptOut, STRICT_CONTEXT_KEY } from '../../src/warnings';

function synth(props: SecureNamespaceProps = { name: 'production' }) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const ns = new SecureNamespace(chart, 'ns', props);
  const manifests = Testing.synth(chart);
  const byKind = (kind: string, name?: string) => manifests.filter((o: any) => o.kind === kind && (name === undefined || o.metadata.name === name));
  return { app, chart, ns, manifests, byKind };
}

function build(props: SecureNamespaceProps) {
  const chart = new Chart(Testing.app(), 'test');
  return () => new SecureNamespace(chart, 'ns', props);
}

describe('SecureNamespace defaults', () => {
  test('matches the defaults snapshot', () => {
    expect(synth().manifests).toMatchSnapshot();
  });

  test('emits exactly a Namespace, two NetworkPolicies, a ResourceQuota, a LimitRange and the default ServiceAccount', () => {
    const { manifests } = synth();
    expect(manifests.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/production',
      'NetworkPolicy/default-deny-all',
      'NetworkPolicy/allow-dns-egress',
      'ResourceQuota/namespace-quota',
      'LimitRange/container-limits',
      'ServiceAccount/default',
    ]);
  });

  test('enforces, audits and warns at restricted, each pinned to v1.28', () => {
    const [ns] = synth().byKind('Namespace');
    expect(ns.metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.28',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.28',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.28',
    });
    expect(ns.metadata.annotations).toBeUndefined();
  });

  test('exposes the resolved Pod Security settings', () => {
    const { ns } = synth();
    expect(ns.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(ns.podSecurityAuditLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(ns.podSecurityWarnLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(ns.podSecurityVersion).toBe('v1.28');
    expect(ns.name).toBe('production');
  });

  test('denies all ingress and egress of every pod by default', () => {
    const [policy] = synth().byKind('NetworkPolicy', 'default-deny-all');
    expect(policy.metadata.namespace).toBe('production');
    expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('allows egress only to the cluster DNS pods on UDP and TCP 53 by default', () => {
    const [policy] = synth().byKind('NetworkPolicy', 'allow-dns-egress');
    expect(policy.metadata.namespace).toBe('production');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    });
  });

  test('caps requests, limits and pods with a ResourceQuota by default', () => {
    const [quota] = synth().byKind('ResourceQuota');
    expect(quota.metadata.namespace).toBe('production');
    expect(quota.spec.hard).toEqual({
      'requests.cpu': '4',
      'requests.memory': '8Gi',
      'limits.cpu': '8',
      'limits.memory': '16Gi',
      'pods': '50',
    });
  });

  test('bounds and defaults container cpu, memory and ephemeral-storage with a LimitRange', () => {
    const [limitRange] = synth().byKind('LimitRange');
    expect(limitRange.metadata.namespace).toBe('production');
    expect(limitRange.spec.limits).toEqual([{
      type: 'Container',
      min: { 'cpu': '10m', 'memory': '16Mi', 'ephemeral-storage': '16Mi' },
      defaultRequest: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '256Mi' },
      default: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
      max: { 'cpu': '4', 'memory': '8Gi', 'ephemeral-storage': '8Gi' },
    }]);
  });

  test('disables token automount on the default ServiceAccount', () => {
    const [sa] = synth().byKind('ServiceAccount');
    expect(sa).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: 'production' },
      automountServiceAccountToken: false,
    });
  });

  test('sets metadata.namespace on every namespaced object', () => {
    const namespaced = synth().manifests.filter((o: any) => o.kind !== 'Namespace');
    expect(namespaced.length).toBe(5);
    for (const o of namespaced) expect(o.metadata.namespace).toBe('production');
  });

  test('records no hardening warning by default', () => {
    const { chart } = synth();
    expect(Hardening.of(chart).warnings).toEqual([]);
  });

  test('generates a valid name from the construct path when none is given', () => {
    const { ns, byKind } = synth({});
    expect(ns.name).toMatch(/^test-ns-[0-9a-f]{8}$/);
    expect(byKind('Namespace')[0].metadata.name).toBe(ns.name);
    expect(byKind('ResourceQuota')[0].metadata.namespace).toBe(ns.name);
  });
});

describe('SecureNamespace options', () => {
  test('labels the namespace with its environment', () => {
    const { ns, byKind } = synth({ name: 'production', environment: 'production' });
    expect(ns.environment).toBe('production');
    expect(byKind('Namespace')[0].metadata.labels.environment).toBe('production');
  });

  test('pins another Pod Security version or latest', () => {
    for (const version of ['v1.30', 'latest', 'v1.0']) {
      const labels = synth({ name: 'production', podSecurityVersion: version }).byKind('Namespace')[0].metadata.labels;
      expect(labels['pod-security.kubernetes.io/enforce-version']).toBe(version);
      expect(labels['pod-security.kubernetes.io/audit-version']).toBe(version);
      expect(labels['pod-security.kubernetes.io/warn-version']).toBe(version);
    }
  });

  test('keeps audit and warn at restricted when only enforce is lowered, and records the opt-out', () => {
    const { chart, byKind } = synth({
      name: 'legacy',
      podSecurityLevel: PodSecurityLevel.BASELINE,
      podSecurityOptOut: OptOut.because('vendor chart needs NET_BIND_SERVICE, SEC-142'),
    });
    const ns = byKind('Namespace')[0];
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ns.metadata.labels['pod-security.kubernetes.io/audit']).toBe('restricted');
    expect(ns.metadata.labels['pod-security.kubernetes.io/warn']).toBe('restricted');
    expect(ns.metadata.annotations).toEqual({ 'cdk8s-hardened.io/pod-security-opt-out': 'vendor chart needs NET_BIND_SERVICE, SEC-142' });
    expect(Hardening.of(chart).warnings).toEqual([{
      id: 'SecureNamespace.PodSecurityLevel',
      message: 'Pod Security enforce=baseline is below restricted: vendor chart needs NET_BIND_SERVICE, SEC-142',
      path: 'test/ns',
      acknowledgedReason: undefined,
    }]);
  });

  test("expresses the brief's namespace (enforce restricted at latest, warn baseline) with an opt-out", () => {
    const { byKind } = synth({
      name: 'production',
      podSecurityVersion: 'latest',
      podSecurityWarnLevel: PodSecurityLevel.BASELINE,
      podSecurityOptOut: OptOut.because('warn at baseline while teams migrate, SEC-7'),
    });
    expect(byKind('Namespace')[0].metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('fails synthesis in strict mode when a Pod Security opt-out is not acknowledged', () => {
    const app = Testing.app();
    app.node.setContext(STRICT_CONTEXT_KEY, true);
    const chart = new Chart(app, 'test');
    new SecureNamespace(chart, 'ns', {
      name: 'legacy',
      podSecurityLevel: PodSecurityLevel.PRIVILEGED,
      podSecurityOptOut: OptOut.because('CNI daemonset needs host networking'),
    });
    expect(() => app.synth()).toThrow(/\[SecureNamespace.PodSecurityLevel\] Pod Security enforce=privileged is below restricted: CNI daemonset needs host networking/);
  });

  test('omits the DNS egress policy when allowDnsEgress is false', () => {
    const { ns, byKind } = synth({ name: 'production', allowDnsEgress: false });
    expect(ns.dnsEgressPolicy).toBeUndefined();
    expect(byKind('NetworkPolicy').map((o: any) => o.metadata.name)).toEqual(['default-deny-all']);
  });

  test('targets another DNS namespace and pod labels', () => {
    const [policy] = synth({ name: 'production', dnsNamespace: 'dns', dnsPodLabels: { app: 'coredns' } }).byKind('NetworkPolicy', 'allow-dns-egress');
    expect(policy.spec.egress[0].to).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } },
      podSelector: { matchLabels: { app: 'coredns' } },
    }]);
  });

  test('overrides single quota and limit range values and keeps the other defaults', () => {
    const { byKind } = synth({
      name: 'production',
      quota: { requestsCpu: '2', pods: 10 },
      containerLimits: { max: { memory: '2Gi' }, defaultRequest: { cpu: '50m' } },
    });
    expect(byKind('ResourceQuota')[0].spec.hard).toEqual({
      'requests.cpu': '2', 'requests.memory': '8Gi', 'limits.cpu': '8', 'limits.memory': '16Gi', 'pods': '10',
    });
    const [limits] = byKind('LimitRange')[0].spec.limits;
    expect(limits.max).toEqual({ 'cpu': '4', 'memory': '2Gi', 'ephemeral-storage': '8Gi' });
    expect(limits.defaultRequest).toEqual({ 'cpu': '50m', 'memory': '128Mi', 'ephemeral-storage': '256Mi' });
  });

  test('adds extra labels and annotations to the Namespace', () => {
    const ns = synth({ name: 'production', labels: { team: 'payments' }, annotations: { owner: 'payments@example.com' } }).byKind('Namespace')[0];
    expect(ns.metadata.labels.team).toBe('payments');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns.metadata.annotations).toEqual({ owner: 'payments@example.com' });
  });

  test('supports JSON patches on the Namespace through ApiObject.of(ns.resource)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const ns = new SecureNamespace(chart, 'ns', { name: 'production' });
    ApiObject.of(ns.resource).addJsonPatch(JsonPatch.add('/metadata/labels/team', 'payments'));
    const manifest = Testing.synth(chart).find((o: any) => o.kind === 'Namespace');
    expect(manifest.metadata.labels.team).toBe('payments');
    expect(manifest.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

describe('SecureNamespace and Sigstore policy-controller', () => {
  test('does not opt in to policy-controller by default', () => {
    const { ns, byKind } = synth();
    expect(ns.sigstorePolicyController).toBe(false);
    expect(byKind('Namespace')[0].metadata.labels['policy.sigstore.dev/include']).toBeUndefined();
  });

  test('labels the namespace policy.sigstore.dev/include=true when governed by a policy-controller image policy', () => {
    const { ns, byKind } = synth({ name: 'production', sigstorePolicyController: true });
    expect(ns.sigstorePolicyController).toBe(true);
    expect(byKind('Namespace')[0].metadata.labels['policy.sigstore.dev/include']).toBe('true');
  });

  test('satisfies a policy-controller SignedImagePolicy that names it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new SecureNamespace(chart, 'ns', { name: 'production', sigstorePolicyController: true });
    new SignedImagePolicy(chart, 'policy', {
      backend: ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER,
      imageReferences: ['registry.example.com/**'],
      attestors: [Attestor.githubActions({ repository: 'org/repo' })],
      namespaces: ['production'],
    });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('fails a policy-controller SignedImagePolicy that names it while it does not opt in', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new SecureNamespace(chart, 'ns', { name: 'production' });
    new SignedImagePolicy(chart, 'policy', {
      backend: ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER,
      imageReferences: ['registry.example.com/**'],
      attestors: [Attestor.githubActions({ repository: 'org/repo' })],
      namespaces: ['production'],
    });
    expect(() => app.synthYaml()).toThrow("namespace 'production' (test/ns/Resource/Resource) is governed by this policy-controller policy but is not labelled policy.sigstore.dev/include=true");
  });

  test('fails when labels try to set the policy-controller label', () => {
    expect(build({ name: 'production', labels: { 'policy.sigstore.dev/include': 'true' } })).toThrow(
      "SecureNamespace 'test/ns': label 'policy.sigstore.dev/include' is managed by SecureNamespace; set sigstorePolicyController: true instead of labels");
  });
});

describe('SecureNamespace as a cdk8s-plus namespace', () => {
  test('selects itself by name', () => {
    const { ns } = synth();
    expect(ns.toNamespaceSelectorConfig()).toEqual({ names: ['production'] });
  });

  test('works as a network policy peer of a cdk8s-plus Deployment', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const frontend = new SecureNamespace(chart, 'frontend', { name: 'frontend' });
    const api = new kplus.Deployment(chart, 'api', {
      metadata: { namespace: 'production' },
      containers: [{ image: 'nginx', portNumber: 8080 }],
    });
    api.connections.allowFrom(frontend, { ports: [kplus.NetworkPolicyPort.tcp(8080)] });
    const policies = Testing.synth(chart).filter((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name.startsWith('allow') && o.metadata.name !== 'allow-dns-egress');
    const ingress = policies.find((o: any) => o.metadata.namespace === 'production');
    expect(ingress.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'frontend' } },
      podSelector: {},
    }]);
    const egress = policies.find((o: any) => o.metadata.namespace === 'frontend');
    expect(egress.spec.policyTypes).toEqual(['Egress']);
  });
});

describe('SecureNamespace errors', () => {
  test.each([
    ['Production', "SecureNamespace 'test/ns': name 'Production' is not a valid namespace name; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (e.g. 'production')"],
    ['a'.repeat(64), `SecureNamespace 'test/ns': name '${'a'.repeat(64)}' is not a valid namespace name; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (e.g. 'production')`],
    ['-prod', "SecureNamespace 'test/ns': name '-prod' is not a valid namespace name; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (e.g. 'production')"],
    ['default', "SecureNamespace 'test/ns': name 'default' is not allowed; the default namespace collects everything deployed without a namespace, so give the workloads a namespace of their own (e.g. 'production')"],
    ['kube-apps', "SecureNamespace 'test/ns': name 'kube-apps' is not allowed; 'kube-' names are reserved for Kubernetes system namespaces, choose another name (e.g. 'production')"],
  ])('fails for the namespace name %s', (name, message) => {
    expect(build({ name })).toThrow(message);
  });

  test('fails when a generated name starts with kube-', () => {
    const chart = new Chart(Testing.app(), 'kube');
    expect(() => new SecureNamespace(chart, 'ns')).toThrow(/^SecureNamespace 'kube\/ns': name 'kube-ns-[0-9a-f]{8}' is not allowed; 'kube-' names are reserved/);
  });

  test.each(['v1.28.3', '1.28', 'v2.0', 'v1.028', 'Latest', ''])('fails for the Pod Security version %j', (version) => {
    expect(build({ name: 'production', podSecurityVersion: version })).toThrow(
      `SecureNamespace 'test/ns': podSecurityVersion '${version}' is not a Pod Security version; use 'v1.<minor>' (e.g. 'v1.28') or 'latest'`);
  });

  test('fails when enforce is lowered without an opt-out', () => {
    expect(build({ name: 'production', podSecurityLevel: PodSecurityLevel.BASELINE })).toThrow(
      "SecureNamespace 'test/ns': Pod Security enforce=baseline is below 'restricted'; pass podSecurityOptOut: OptOut.because('<why>') to accept a weaker Pod Security Standard, or keep PodSecurityLevel.RESTRICTED");
  });

  test('fails when audit or warn is lowered without an opt-out', () => {
    expect(build({ name: 'production', podSecurityAuditLevel: PodSecurityLevel.PRIVILEGED, podSecurityWarnLevel: PodSecurityLevel.BASELINE })).toThrow(
      "SecureNamespace 'test/ns': Pod Security audit=privileged, warn=baseline is below 'restricted'; pass podSecurityOptOut: OptOut.because('<why>') to accept a weaker Pod Security Standard, or keep PodSecurityLevel.RESTRICTED");
  });

  test('fails when an opt-out is given but every mode is restricted', () => {
    expect(build({ name: 'production', podSecurityOptOut: OptOut.because('just in case we need it') })).toThrow(
      "SecureNamespace 'test/ns': podSecurityOptOut is set but every Pod Security mode is restricted; remove the opt-out so no stale exception is recorded");
  });

  test('fails for an unknown Pod Security level', () => {
    expect(build({ name: 'production', podSecurityLevel: 'strict' as PodSecurityLevel })).toThrow(
      "SecureNamespace 'test/ns': podSecurityLevel 'strict' is not a Pod Security level; use PodSecurityLevel.RESTRICTED, BASELINE or PRIVILEGED");
  });

  test('fails when labels try to set a Pod Security or environment label', () => {
    expect(build({ name: 'production', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } })).toThrow(
      "SecureNamespace 'test/ns': label 'pod-security.kubernetes.io/enforce' is managed by SecureNamespace; set it with the podSecurity* or environment props instead of labels");
    expect(build({ name: 'production', labels: { environment: 'dev' } })).toThrow(
      "SecureNamespace 'test/ns': label 'environment' is managed by SecureNamespace; set it with the podSecurity* or environment props instead of labels");
  });

  test('fails when annotations set the opt-out annotation directly', () => {
    expect(build({
      name: 'production',
      podSecurityLevel: PodSecurityLevel.BASELINE,
      podSecurityOptOut: OptOut.because('legacy workload, SEC-9 tracked'),
      annotations: { 'cdk8s-hardened.io/pod-security-opt-out': 'forged' },
    })).toThrow("SecureNamespace 'test/ns': annotation 'cdk8s-hardened.io/pod-security-opt-out' is managed by SecureNamespace; give the reason with podSecurityOptOut instead");
  });

  test('fails for an environment that is not a label value', () => {
    expect(build({ name: 'production', environment: 'prod env' })).toThrow(
      "SecureNamespace 'test/ns': environment 'prod env' is not a valid label value; use a label value: at most 63 characters, alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric (e.g. 'production')");
  });

  test('fails for empty DNS pod labels, which would open port 53 to the whole DNS namespace', () => {
    expect(build({ name: 'production', dnsPodLabels: {} })).toThrow(
      "SecureNamespace 'test/ns': dnsPodLabels is empty, which would allow port 53 to every pod in 'kube-system'; give the DNS pods' labels (e.g. { 'k8s-app': 'kube-dns' }) or set allowDnsEgress: false");
  });

  test('fails for an invalid DNS namespace', () => {
    expect(build({ name: 'production', dnsNamespace: 'Kube_System' })).toThrow(
      "SecureNamespace 'test/ns': dnsNamespace 'Kube_System' is not a valid namespace name; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (e.g. 'kube-system')");
  });

  test('fails for a quota value that is not a quantity', () => {
    expect(build({ name: 'production', quota: { limitsMemory: '16GB' } })).toThrow(
      "SecureNamespace 'test/ns': quota limits.memory '16GB' is not a Kubernetes quantity; use e.g. '500m', '4' or '8Gi'");
  });

  test.each([0, -1, 2.5])('fails for a pod quota of %p', (pods) => {
    expect(build({ name: 'production', quota: { pods } })).toThrow(
      `SecureNamespace 'test/ns': quota pods ${pods} is not a positive integer; use e.g. 50`);
  });

  test('fails for a limit range value that is not a quantity', () => {
    expect(build({ name: 'production', containerLimits: { min: { cpu: 'one' } } })).toThrow(
      "SecureNamespace 'test/ns': containerLimits.min.cpu 'one' is not a Kubernetes quantity; use e.g. '500m', '2' or '512Mi'");
  });

  test('fails when a default limit exceeds the max', () => {
    expect(build({ name: 'production', containerLimits: { defaultLimit: { memory: '16Gi' } } })).toThrow(
      "SecureNamespace 'test/ns': containerLimits memory must satisfy min <= defaultRequest <= defaultLimit <= max, got min 16Mi, defaultRequest 128Mi, defaultLimit 16Gi, max 8Gi; the API server rejects such a LimitRange");
  });

  test('fails when a default request exceeds the default limit', () => {
    expect(build({ name: 'production', containerLimits: { defaultRequest: { cpu: '1' } } })).toThrow(
      "SecureNamespace 'test/ns': containerLimits cpu must satisfy min <= defaultRequest <= defaultLimit <= max, got min 10m, defaultRequest 1, defaultLimit 500m, max 4; the API server rejects such a LimitRange");
  });
});

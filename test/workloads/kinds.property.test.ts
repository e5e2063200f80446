import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { HARDENED_CONTAINER_CONTEXT, KINDS, complianceContext } from './fixtures';
import { Compliance } from '../../src/compliance/compliance';
import { ExternalSecretBinding } from '../../src/secrets/external-secret-binding';
import { SecretStoreRef } from '../../src/secrets/secret-store-ref';
import { OptOut } from '../../src/warnings';
import * as D from '../../src/workloads/defaults';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';
import { HardenedStatefulSet } from '../../src/workloads/hardened-stateful-set';
import { ApiAccess } from '../../src/workloads/pod/api-access';

const hex = fc.stringMatching(/^[a-f0-9]{64}$/);
const image = fc.tuple(fc.constantFrom('registry.example.com/team/app', 'ghcr.io/org/svc'), fc.option(fc.constantFrom('1.0.0', 'v2'), { nil: undefined }), hex)
  .map(([repo, tag, h]) => `${repo}${tag ? `:${tag}` : ''}@sha256:${h}`);
const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/);
const namespace = dnsLabel.filter((n) => !D.FORBIDDEN_NAMESPACES.includes(n));
const safeEnvName = fc.stringMatching(/^[A-Z][A-Z_]{0,10}$/).filter((n) => !D.SENSITIVE_ENV_NAME_PATTERNS.some((re) => re.test(n)));

const propsArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  namespace,
  name: dnsLabel,
  image,
  port: fc.option(fc.integer({ min: 1024, max: 60000 }), { nil: undefined }),
  env: fc.dictionary(safeEnvName, fc.string({ maxLength: 20 }), { maxKeys: 3 }),
  labels: fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), fc.stringMatching(/^[a-z0-9]{0,10}$/), { maxKeys: 3 }),
  cpuRequest: fc.integer({ min: 10, max: 1000 }),
  scratchPaths: fc.subarray(['/var/cache', '/var/run/app', '/home/app/.cache']),
  sidecar: fc.boolean(),
  initContainer: fc.boolean(),
  configMap: fc.boolean(),
  secret: fc.boolean(),
  apiAccess: fc.boolean(),
  autoscaleMax: fc.option(fc.integer({ min: 3, max: 20 }), { nil: undefined }),
  claimGiB: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
});

describe('every hardened kind: properties', () => {
  test('any valid props synthesize pods that keep every hardened field and pass the pss-restricted and hardened packs', () => {
    fc.assert(fc.property(propsArb, (p) => {
      const chart = Testing.chart();
      const props: any = {
        namespace: p.namespace,
        name: p.name,
        image: p.image,
        port: p.port,
        env: p.env,
        labels: p.labels,
        resources: { cpu: { request: kplus.Cpu.millis(p.cpuRequest) } },
        scratchPaths: p.scratchPaths,
        sidecars: p.sidecar ? [{ name: 'side', image: p.image, port: (p.port ?? D.DEFAULT_PORT) + 1 }] : undefined,
        initContainers: p.initContainer ? [{ name: 'init', image: p.image }] : undefined,
        apiAccess: p.apiAccess ? ApiAccess.of({ optOut: OptOut.because('watches its own ConfigMap') }) : undefined,
        volumeClaimTemplates: p.claimGiB && p.kind.kind === 'StatefulSet' ? [{ name: 'data', mountPath: '/data', size: Size.gibibytes(p.claimGiB) }] : undefined,
      };
      const w = p.kind.make(chart, props);
      if (p.configMap) {
        const config = new kplus.ConfigMap(chart, 'config', { metadata: { name: 'app-config', namespace: p.namespace }, data: { 'app.yaml': 'log: info' } });
        w.mountConfigMap(config.name, '/etc/app');
      }
      if (p.secret) {
        new ExternalSecretBinding(chart, 'secret', {
          namespace: p.namespace,
          secretName: 'app-secret',
          store: SecretStoreRef.secretStore('team-store', p.namespace),
          data: [{ secretKey: 'password', remoteRef: { key: 'prod/app', property: 'password' } }],
        }).mountInto(w, '/etc/secret');
      }
      if (p.autoscaleMax && (w instanceof HardenedDeployment || w instanceof HardenedStatefulSet)) w.autoscale({ maxReplicas: p.autoscaleMax });

      const controller = Testing.synth(chart).find((o: any) => o.kind === p.kind.kind);
      const pod = p.kind.template(controller).spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(c.securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
      }

      complianceContext(chart, p.namespace);
      for (const pack of ['pss-restricted', 'hardened']) {
        const failures = Compliance.check(chart, { pack }).findings.filter((f) => f.suppressedReason === undefined);
        expect(failures.map((f) => `${pack} ${f.checkId} on ${f.object.kind}: ${f.detail ?? f.reason}`)).toEqual([]);
      }
    }), { numRuns: 40 });
  });
});

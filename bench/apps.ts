/**
 * The two apps the synth benchmark builds: plain cdk8s-plus-28 Deployments and the hardened golden path.
 *
 * Both put 50 workloads in each namespace (by default one chart per namespace, as a platform monorepo
 * does), so the only difference is what the constructs emit per workload.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HardenedDeployment, SecureNamespace } from '../src';

/** Workloads per namespace (and per chart). */
export const WORKLOADS_PER_NAMESPACE = 50;

/** A digest-pinned image, as HardenedDeployment requires. */
export const IMAGE = 'registry.example.com/shop/api:v1.0.0@sha256:4b8a3f0c7f1d1c6b8e2a9d3f5e7c9b1a3d5f7e9c1b3a5d7f9e1c3b5a7d9f1e3c';

/** The two apps compared. */
export type Variant = 'plain' | 'hardened';

/**
 * How workloads are spread over charts: a chart per namespace (a platform monorepo), or one chart
 * for the whole app. cdk8s renders each chart by resolving and validating the whole app again, so
 * synth time grows with charts x constructs; the single chart shows the cost without that term.
 */
export type Layout = 'chart-per-namespace' | 'single-chart';

/**
 * Builds an app of `n` workloads; `outdir` is where `app.synth()` writes.
 *
 * plain: a kplus Deployment per workload with one container and an explicit security context.
 * hardened: a SecureNamespace per 50 workloads and a HardenedDeployment per workload (with its
 * ServiceAccount, NetworkPolicy and PodDisruptionBudget).
 */
export function buildApp(variant: Variant, n: number, outdir?: string, layout: Layout = 'chart-per-namespace'): App {
  const app = new App(outdir ? { outdir } : {});
  const namespaces = Math.ceil(n / WORKLOADS_PER_NAMESPACE);
  const single = layout === 'single-chart' ? new Chart(app, 'app') : undefined;
  let made = 0;
  for (let ns = 0; ns < namespaces; ns++) {
    const name = `team-${ns}`;
    const count = Math.min(WORKLOADS_PER_NAMESPACE, n - made);
    // In a single chart each namespace is a construct of its own, so ids stay unique.
    const scope = single ? new Construct(single, name) : new Chart(app, name);
    if (variant === 'plain') plainWorkloads(scope, name, count);
    else hardenedWorkloads(scope, name, count);
    made += count;
  }
  return app;
}

function plainWorkloads(scope: Construct, namespace: string, count: number): void {
  for (let i = 0; i < count; i++) {
    new kplus.Deployment(scope, `svc-${i}`, {
      metadata: { name: `svc-${i}`, namespace },
      replicas: 2,
      containers: [{
        name: 'app',
        image: IMAGE,
        portNumber: 8080,
        securityContext: {
          ensureNonRoot: true,
          user: 65532,
          group: 65532,
          privileged: false,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
        },
      }],
    });
  }
}

function hardenedWorkloads(scope: Construct, namespace: string, count: number): void {
  const ns = new SecureNamespace(scope, 'namespace', { name: namespace, environment: 'production' });
  for (let i = 0; i < count; i++) {
    new HardenedDeployment(scope, `svc-${i}`, { namespace: ns.name, name: `svc-${i}`, image: IMAGE });
  }
}

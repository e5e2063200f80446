/**
 * The scorecard: the four success criteria of the brief, measured over a set of manifests.
 *
 * | id                            | measures                                                                        |
 * |-------------------------------|---------------------------------------------------------------------------------|
 * | `rbac-least-privilege`        | Roles/ClusterRoles with no least-privilege finding; workloads whose pods mount no API token |
 * | `pss-restricted-production`   | production Namespaces enforcing Pod Security `restricted`                      |
 * | `network-policy-coverage`     | workloads isolated for ingress and egress; namespaces with a default-deny       |
 * | `image-signing`               | production workload images pinned by digest and covered by an enforcing verification policy |
 *
 * A pod mounts an API token when its `automountServiceAccountToken` is true, or unset while its
 * ServiceAccount does not set it to false (a ServiceAccount missing from the set automounts, the API
 * default), or when it has a projected `serviceAccountToken` volume. A pod template annotated with
 * `cdk8s-hardened.io/api-access` (the reason) calls the API on purpose: it counts as compliant and is
 * listed in the part's `exceptions` with its reason, never a silent pass.
 *
 * Objects in system namespaces (`kube-system`, `kube-public`, `kube-node-lease` unless configured)
 * and the RBAC objects Kubernetes manages itself (bootstrap policy, unless `includeManaged`) are not
 * measured: they belong to the cluster, not the application. A namespace filter (`namespaces`) narrows
 * the measurement to the objects of those namespaces. Suppressions do not change the numbers (the scorecard reports the state of the
 * manifests); they only silence the findings below.
 *
 * Each shortfall is also a finding on the object responsible (the over-privileged role, the
 * namespace without restricted enforcement, the uncovered workload or image) through the
 * `scorecard-*` checks, so `check` fails on it. Those checks only fail while their metric is below
 * target.
 */
import { CheckOutcome, CheckStatus, Control, Framework, ICheck, ICheckContext, ScorecardException, ScorecardMetric, Severity } from './check';
import { cachedIn, managedIn, systemNamespaceIn } from './context';
import { imageCoverage } from './image-policies';
import { containersOf, podTemplateOf, POD_BEARING_KINDS } from './pod-spec';
import { namespaceDefaultDeny, namespaceOf, policiesCovering } from './selectors';
import { API_ACCESS_ANNOTATION } from '../annotations';
import { apiTokenMount, deliberateApiAccess } from './api-tokens';
import { parseImageReference } from '../supply-chain/image-reference';
import { withObjectScope } from './checks/support';
import { sharedOutcome } from './run-check';
import { objectInScope } from './scope';

/** The Pod Security label a production namespace must carry, and its value. */
export const PSS_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** Target percentages of the scorecard metrics. */
export interface ScorecardTargets {
  /**
   * Target for `rbac-least-privilege` (and its parts), in percent.
   *
   * @default 100
   */
  readonly rbacLeastPrivilege?: number;
  /**
   * Target for `pss-restricted-production`, in percent.
   *
   * @default 100
   */
  readonly pssRestrictedProduction?: number;
  /**
   * Target for `network-policy-coverage` (and its parts), in percent.
   *
   * @default 100
   */
  readonly networkPolicyCoverage?: number;
  /**
   * Target for `image-signing`, in percent.
   *
   * @default 100
   */
  readonly imageSigning?: number;
}

/** Metric ids, in report order. */
export const SCORECARD_METRIC_IDS = ['rbac-least-privilege', 'pss-restricted-production', 'network-policy-coverage', 'image-signing'] as const;

/** Why an object falls short of a metric. */
export interface Shortfall {
  readonly reason: string;
  readonly details: string[];
  /** JSON pointer of the first offending field, when one field is to blame. */
  readonly location?: string;
}

/** The scorecard with the objects responsible for each shortfall. */
export interface ScorecardResult {
  readonly metrics: ScorecardMetric[];
  /** metric id -> object -> shortfall. */
  readonly shortfalls: Map<string, Map<object, Shortfall>>;
  /** metric id -> objects measured by it. */
  readonly measured: Map<string, Set<object>>;
}

/** Inputs of {@link computeScorecard} besides the set. */
export interface ScorecardInputs {
  /** Targets (default 100 each). */
  readonly targets?: ScorecardTargets;
  /**
   * The least-privilege checks that judge Roles and ClusterRoles (the `rbac-least-privilege`
   * pack): a role with a failure or error from any of them is not least-privilege.
   */
  readonly rbacChecks: readonly ICheck[];
  /**
   * Measure only the objects of these namespaces and the Namespace objects of those names, as a
   * namespace filter judges (`scope.ts`); cluster-scoped objects are then not measured. Every object
   * still informs the measurement (the NetworkPolicies and image policies that cover a workload).
   *
   * @default - every namespace and the cluster-scoped objects
   */
  readonly namespaces?: readonly string[];
}

const CONTEXT_KEY = 'scorecard';

/**
 * Computes the scorecard once per evaluation context (cached on it).
 *
 * Never throws on malformed objects: anything unreadable counts as not compliant.
 */
export function computeScorecard(context: ICheckContext, inputs: ScorecardInputs): ScorecardResult {
  return cachedIn(context, CONTEXT_KEY, () => compute(context, inputs));
}

/** The scorecard of a context, computing it with default targets and no RBAC checks if nobody did. */
function scorecardOf(context: ICheckContext): ScorecardResult {
  return cachedIn(context, CONTEXT_KEY, () => compute(context, { rbacChecks: [] }));
}

class Tally {
  public compliant = 0;
  public total = 0;
  public add(ok: boolean): void {
    this.total++;
    if (ok) this.compliant++;
  }
  public metric(id: string, title: string, target: number, parts?: ScorecardMetric[]): ScorecardMetric {
    return metric(id, title, this.compliant, this.total, target, parts);
  }
}

function metric(id: string, title: string, compliant: number, total: number, target: number, parts?: ScorecardMetric[]): ScorecardMetric {
  const percent = total === 0 ? 100 : Math.floor((compliant / total) * 10000) / 100;
  const met = percent >= target && (parts ?? []).every((p) => p.met);
  return parts ? { id, title, compliant, total, percent, target, met, parts } : { id, title, compliant, total, percent, target, met };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(object: any): string {
  return isObject(object?.metadata) && typeof object.metadata.name === 'string' ? object.metadata.name : '';
}

function targetOf(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 100;
}

function compute(context: ICheckContext, inputs: ScorecardInputs): ScorecardResult {
  const targets = inputs.targets ?? {};
  const shortfalls = new Map<string, Map<object, Shortfall>>(SCORECARD_METRIC_IDS.map((id) => [id, new Map()]));
  const measured = new Map<string, Set<object>>(SCORECARD_METRIC_IDS.map((id) => [id, new Set()]));
  const record = (metricId: string, object: object, ok: boolean, shortfall?: () => Shortfall): void => {
    measured.get(metricId)!.add(object);
    if (!ok && shortfall) {
      const existing = shortfalls.get(metricId)!.get(object);
      const s = shortfall();
      const merged = existing ? { reason: existing.reason, details: [...existing.details, ...s.details], location: existing.location } : s;
      shortfalls.get(metricId)!.set(object, merged);
    }
  };
  const narrowed = inputs.namespaces !== undefined && inputs.namespaces.length > 0 ? { namespaces: inputs.namespaces } : undefined;
  const inScope = (o: any): boolean => (!systemNamespaceIn(context, namespaceOf(o)) || o.kind === 'ClusterRole') && !managedIn(context, o)
    && (narrowed === undefined || objectInScope(o, narrowed));
  const namespaceMeasured = (name: string): boolean => narrowed === undefined || narrowed.namespaces.includes(name);

  // 1. RBAC least privilege.
  const rbacTarget = targetOf(targets.rbacLeastPrivilege);
  const roles = new Tally();
  for (const role of [...context.objectsOfKind('Role'), ...context.objectsOfKind('ClusterRole')].filter(inScope)) {
    const failing: string[] = [];
    withObjectScope(role, () => {
      for (const check of inputs.rbacChecks) {
        if (!check.kinds.includes(role.kind) && !check.kinds.includes('*')) continue;
        // Remembered: the engine reports the same outcome without judging the role again.
        const status = sharedOutcome(check, role, context).status;
        if (status === CheckStatus.FAIL || status === CheckStatus.ERROR) failing.push(check.id);
      }
    });
    roles.add(failing.length === 0);
    record('rbac-least-privilege', role, failing.length === 0, () => ({
      reason: 'not least-privilege',
      details: [`${role.kind} "${nameOf(role)}" fails ${failing.map((f) => `"${f}"`).join(', ')}`],
      location: '/rules',
    }));
  }
  const workloads = POD_BEARING_KINDS.flatMap((k) => context.objectsOfKind(k)).filter(inScope);
  // Input order, so findings and counts are deterministic whatever the kind order above.
  const order = new Map<object, number>(context.objects.map((o, i) => [o, i]));
  workloads.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const tokens = new Tally();
  const tokenExceptions: ScorecardException[] = [];
  for (const w of workloads) {
    const mount = apiTokenMount(w, context);
    const reason = mount ? deliberateApiAccess(w) : undefined;
    if (mount && reason !== undefined) tokenExceptions.push({ object: `${w.kind}/${namespaceOf(w)}/${nameOf(w)}`, reason });
    const ok = !mount || reason !== undefined;
    tokens.add(ok);
    record('rbac-least-privilege', w, ok, () => ({
      reason: 'pods mount an API token',
      details: [`${w.kind} "${nameOf(w)}" pods ${mount!.why}; set automountServiceAccountToken: false, or annotate the pod template ${API_ACCESS_ANNOTATION} with the reason it calls the API`],
      location: mount!.location,
    }));
  }
  const rolesMetric = roles.metric('rbac-least-privilege-roles', 'Roles and ClusterRoles with no least-privilege finding', rbacTarget);
  const tokensMetric: ScorecardMetric = {
    ...tokens.metric('rbac-least-privilege-api-tokens', 'Workloads whose pods mount no API token, or do so deliberately', rbacTarget),
    ...(tokenExceptions.length > 0 ? { exceptions: tokenExceptions } : {}),
  };
  const rbac = metric('rbac-least-privilege', 'RBAC least privilege', roles.compliant + tokens.compliant, roles.total + tokens.total,
    rbacTarget, [rolesMetric, tokensMetric]);

  // 2. PSS restricted on production namespaces.
  const pss = new Tally();
  const namespaceObjects = context.objectsOfKind('Namespace');
  for (const ns of namespaceObjects) {
    const name = nameOf(ns);
    if (!context.isProductionNamespace(name) || !namespaceMeasured(name)) continue;
    const labels = isObject(ns.metadata) && isObject(ns.metadata.labels) ? ns.metadata.labels : {};
    const ok = labels[PSS_ENFORCE_LABEL] === 'restricted';
    pss.add(ok);
    record('pss-restricted-production', ns, ok, () => ({
      reason: 'production namespace does not enforce restricted',
      details: [`Namespace "${name}" must be labelled ${PSS_ENFORCE_LABEL}=restricted (found ${labels[PSS_ENFORCE_LABEL] === undefined ? 'no label' : JSON.stringify(labels[PSS_ENFORCE_LABEL])})`],
      location: '/metadata/labels',
    }));
  }
  const pssMetric = pss.metric('pss-restricted-production', 'Pod Security restricted enforced on production namespaces', targetOf(targets.pssRestrictedProduction));

  // 3. Network policy coverage.
  const netTarget = targetOf(targets.networkPolicyCoverage);
  const covered = new Tally();
  const workloadsByNamespace = new Map<string, any[]>();
  for (const w of workloads) {
    const ns = namespaceOf(w);
    const list = workloadsByNamespace.get(ns);
    if (list) list.push(w);
    else workloadsByNamespace.set(ns, [w]);
    const c = policiesCovering(w, context);
    const ok = c.ingress && c.egress;
    covered.add(ok);
    const missing = [!c.ingress ? 'ingress' : undefined, !c.egress ? 'egress' : undefined].filter((x) => x).join(' and ');
    record('network-policy-coverage', w, ok, () => ({
      reason: 'pods not isolated by NetworkPolicies',
      details: [`${w.kind} "${nameOf(w)}" pods in namespace "${namespaceOf(w)}" are selected by no NetworkPolicy covering ${missing}`],
      location: podTemplateOf(w)?.metadataPointer,
    }));
  }
  const denied = new Tally();
  const namespaceNames: string[] = [];
  for (const ns of namespaceObjects) if (!namespaceNames.includes(nameOf(ns)) && nameOf(ns) !== '') namespaceNames.push(nameOf(ns));
  for (const ns of workloadsByNamespace.keys()) if (!namespaceNames.includes(ns)) namespaceNames.push(ns);
  for (const name of namespaceNames.filter((n) => !systemNamespaceIn(context, n) && namespaceMeasured(n))) {
    const d = namespaceDefaultDeny(name, context);
    const ok = d.ingress && d.egress;
    denied.add(ok);
    const missing = [!d.ingress ? 'ingress' : undefined, !d.egress ? 'egress' : undefined].filter((x) => x).join(' and ');
    const nsObject = context.namespaceObject(name);
    const owners: object[] = nsObject ? [nsObject] : workloadsByNamespace.get(name) ?? [];
    for (const owner of owners) {
      record('network-policy-coverage', owner, ok, () => ({
        reason: 'namespace has no default-deny NetworkPolicy',
        details: [`namespace "${name}" has no default-deny NetworkPolicy for ${missing} (a policy with an empty podSelector, policyTypes ${missing === 'ingress and egress' ? '[Ingress, Egress]' : `[${missing[0].toUpperCase()}${missing.slice(1)}]`} and no rules)`],
      }));
    }
  }
  const workloadsMetric = covered.metric('network-policy-coverage-workloads', 'Workloads selected by NetworkPolicies for ingress and egress', netTarget);
  const namespacesMetric = denied.metric('network-policy-coverage-namespaces', 'Namespaces with a default-deny NetworkPolicy for ingress and egress', netTarget);
  const network = metric('network-policy-coverage', 'Network policy coverage', covered.compliant + denied.compliant, covered.total + denied.total,
    netTarget, [workloadsMetric, namespacesMetric]);

  // 4. Image signing, production workloads only.
  const coverage = imageCoverage(context);
  const images = new Tally();
  for (const w of workloads) {
    const ns = namespaceOf(w);
    if (!context.isProductionNamespace(ns)) continue;
    const template = podTemplateOf(w)!;
    for (const c of containersOf(template.spec, template.specPointer)) {
      const image = c.container.image;
      const pinned = typeof image === 'string' && typeof parseImageReference(image, true) !== 'string';
      const verified = typeof image === 'string' && coverage.covers(ns, image);
      const ok = pinned && verified;
      images.add(ok);
      record('image-signing', w, ok, () => ({
        reason: 'image not pinned and verified',
        details: [`image ${JSON.stringify(image)} of container "${c.name}" ${whyNotSigned(pinned, verified)}`
          + (verified || typeof image !== 'string' ? '' : optInHint(coverage.optInHint(ns, image)))],
        location: `${c.pointer}/image`,
      }));
    }
  }
  const imageMetric = images.metric('image-signing', 'Production images pinned by digest and signature-verified', targetOf(targets.imageSigning));

  return { metrics: [rbac, pssMetric, network, imageMetric], shortfalls, measured };
}

function optInHint(hint: string | undefined): string {
  return hint === undefined ? '' : ` (${hint})`;
}

function whyNotSigned(pinned: boolean, verified: boolean): string {
  return [!pinned ? 'is not pinned by digest' : undefined, !verified ? 'is covered by no enforcing image verification policy' : undefined]
    .filter((x) => x).join(' and ');
}


/** A CIS recommendation in both numberings (v1.10 and `1.12:`), for the ids that did not move. */
function cisBoth(...ids: string[]): Control[] {
  return ids.flatMap((id) => [{ framework: Framework.CIS, id }, { framework: Framework.CIS, id: `1.12:${id}` }]);
}

const SCORECARD_CONTROLS: Record<string, Control[]> = {
  'rbac-least-privilege': [
    ...cisBoth('5.1.1', '5.1.3', '5.1.6'),
    { framework: Framework.SOC2, id: 'CC6.1' }, { framework: Framework.SOC2, id: 'CC6.3' },
    { framework: Framework.PCI_DSS, id: '7.2.1' }, { framework: Framework.PCI_DSS, id: '7.2.2' },
    { framework: Framework.HIPAA, id: '164.308(a)(4)' }, { framework: Framework.HIPAA, id: '164.312(a)(1)' },
  ],
  'pss-restricted-production': [
    ...cisBoth('5.2.1'), { framework: Framework.PSS, id: 'restricted' },
    { framework: Framework.SOC2, id: 'CC6.8' }, { framework: Framework.PCI_DSS, id: '2.2.1' }, { framework: Framework.HIPAA, id: '164.308(a)(1)' },
  ],
  'network-policy-coverage': [
    ...cisBoth('5.3.2'), { framework: Framework.SOC2, id: 'CC6.6' },
    { framework: Framework.PCI_DSS, id: '1.3.1' }, { framework: Framework.PCI_DSS, id: '1.3.2' }, { framework: Framework.HIPAA, id: '164.312(e)(1)' },
  ],
  'image-signing': [
    ...cisBoth('5.5.1'), { framework: Framework.SOC2, id: 'CC7.1' }, { framework: Framework.SOC2, id: 'CC8.1' },
    { framework: Framework.PCI_DSS, id: '6.3.2' }, { framework: Framework.HIPAA, id: '164.312(c)(1)' },
  ],
};

const SCORECARD_CHECK_DATA: Array<{ metric: string; title: string; description: string; kinds: string[] }> = [
  {
    metric: 'rbac-least-privilege',
    title: 'RBAC meets the least-privilege scorecard target',
    description: 'Fails each Role or ClusterRole with a least-privilege finding and each workload whose pods mount an API token '
      + `(automounted or a projected token) without the ${API_ACCESS_ANNOTATION} annotation giving the reason, while the share of `
      + 'compliant ones is below the rbac-least-privilege target (default 100%).',
    kinds: ['Role', 'ClusterRole', ...POD_BEARING_KINDS],
  },
  {
    metric: 'pss-restricted-production',
    title: 'Production namespaces enforce Pod Security restricted',
    description: 'Fails each production namespace (labelled environment=production or matching the configured labels; when none is, every '
      + `non-system namespace) without ${PSS_ENFORCE_LABEL}=restricted, while the share is below the pss-restricted-production target.`,
    kinds: ['Namespace'],
  },
  {
    metric: 'network-policy-coverage',
    title: 'Workloads and namespaces meet the network policy coverage target',
    description: 'Fails each workload whose pods no NetworkPolicy isolates for both ingress and egress, and each namespace without a '
      + 'default-deny NetworkPolicy for both directions, while the share is below the network-policy-coverage target.',
    kinds: [...POD_BEARING_KINDS, 'Namespace'],
  },
  {
    metric: 'image-signing',
    title: 'Production images are pinned by digest and signature-verified',
    description: 'Fails each production workload with an image that is not pinned by digest or not matched by an enforcing Kyverno '
      + 'verifyImages rule or Sigstore policy-controller ClusterImagePolicy glob, while the share is below the image-signing target.',
    kinds: [...POD_BEARING_KINDS],
  },
];

/**
 * Registry checks that judge the same objects as a scorecard check, absolutely (whatever the
 * target): alternative sets, any one of which is enough. When a pack contains all checks of one
 * set, the engine skips the scorecard check so a shortfall is not reported twice.
 */
export const SCORECARD_EQUIVALENTS: { readonly [scorecardCheckId: string]: ReadonlyArray<readonly string[]> } = {
  'scorecard-rbac-least-privilege': [[
    'rbac-no-secret-read', 'rbac-no-wildcards', 'rbac-no-pod-create', 'rbac-no-escalate-bind-impersonate', 'rbac-no-persistentvolume-create',
    'rbac-no-node-proxy', 'rbac-no-csr-approval', 'rbac-no-admission-config-write', 'rbac-no-token-create', 'rbac-no-pod-exec-attach',
    'workload-no-token-automount',
  ]],
  // namespace-pss-restricted judges every namespace, a superset of the production ones.
  'scorecard-pss-restricted-production': [['namespace-pss-restricted']],
  'scorecard-network-policy-coverage': [['network-policy-coverage', 'namespace-default-deny']],
  'scorecard-image-signing': [['image-digest', 'image-signature-verified']],
};

/** Prefix of the check ids that turn scorecard shortfalls into findings. */
export const SCORECARD_CHECK_PREFIX = 'scorecard-';

/**
 * One check per scorecard metric: fails the objects responsible for a shortfall while the metric
 * is below target. The engine runs them on every pack.
 */
export const SCORECARD_CHECKS: readonly ICheck[] = SCORECARD_CHECK_DATA.map((d): ICheck => ({
  id: `${SCORECARD_CHECK_PREFIX}${d.metric}`,
  title: d.title,
  description: d.description,
  severity: Severity.ERROR,
  controls: SCORECARD_CONTROLS[d.metric],
  kinds: d.kinds,
  evaluate(object: any, context: ICheckContext): CheckOutcome {
    const result = scorecardOf(context);
    if (!result.measured.get(d.metric)!.has(object)) return { status: CheckStatus.NOT_APPLICABLE };
    const m = result.metrics.find((x) => x.id === d.metric)!;
    const shortfall = result.shortfalls.get(d.metric)!.get(object);
    if (!shortfall || m.met) return { status: CheckStatus.PASS };
    return {
      status: CheckStatus.FAIL,
      reason: `${shortfall.reason} (${m.title} ${m.percent}% < ${m.target}%)`,
      detail: shortfall.details.join('; '),
      ...(shortfall.location ? { location: shortfall.location } : {}),
    };
  },
}));

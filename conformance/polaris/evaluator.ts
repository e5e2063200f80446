/**
 * A faithful TypeScript evaluator of Polaris's JSON-schema checks (FairwindsOps/polaris v10.2.2).
 *
 * It follows `pkg/validator/schema.go`, `pkg/config/schema.go`, `pkg/config/exemptions.go` and
 * `pkg/kube/resource(s).go`:
 *  - resources are keyed by `group/Kind` (`Kind` for the core group); a resource whose
 *    `jobTemplate`/`spec`/`template` chain reaches a map with `containers` is a controller;
 *    Pods are decoded into the typed Pod (see go-types.ts);
 *  - for a controller, checks run at four targets: `Controller` (the whole object), the
 *    top-level kind match (target `Kind` or `group/Kind`), `PodSpec` (also `PodTemplate` checks,
 *    against the pod template) and `Container` (init containers first, `containers.exclude:
 *    initContainer` honoured); a non-controller only at the top-level kind match;
 *  - `controllers.include/exclude` compare the resource kind; `schemaTarget: PodSpec` on a
 *    Container check validates a copy of the pod spec holding only that container;
 *  - every schema string (and each `additionalSchemaStrings` entry) is first executed as a Go
 *    template with the resource as data plus `.Polaris.{PodSpec,PodTemplate,Container}`; an
 *    additional schema that templates to blank is dropped; otherwise at least one object of that
 *    group/kind in the same namespace must validate against it;
 *  - config exemptions (namespace, controllerNames prefix, containerNames prefix, rules) and the
 *    `polaris.fairwinds.com/exempt` / `polaris.fairwinds.com/<check>-exempt` annotations apply
 *    unless disallowed;
 *  - checks implemented in Go rather than schema (pdbMinAvailableGreaterThanHPAMinReplicas) are
 *    ported as functions.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { executeGoTemplate } from './go-template';
import { configureTypedRoundTrip, roundTripContainer, roundTripPod, roundTripPodSpec } from './go-types';
import { compilePolarisSchema } from './json-schema';

type Obj = Record<string, unknown>;

/** Check severities as in Polaris's config. */
export type Severity = 'danger' | 'warning' | 'ignore';

/** One Polaris JSON-schema check, as loaded from `pkg/config/checks/<id>.yaml`. */
export interface PolarisCheck {
  readonly id: string;
  readonly category: string;
  readonly successMessage: string;
  readonly failureMessage: string;
  readonly target: string;
  readonly schemaTarget: string;
  readonly controllers: { readonly include: string[]; readonly exclude: string[] };
  readonly containers: { readonly include: string[]; readonly exclude: string[] };
  /** The schema as text, before Go templating (`schema:` is JSON-marshalled first, as Polaris does). */
  readonly schemaString: string;
  readonly additionalSchemaStrings: { readonly [groupKind: string]: string };
  readonly mutations: Array<{ op: string; path: string; value?: unknown }>;
}

/** The parts of a Polaris configuration the evaluator uses. */
export interface PolarisConfig {
  readonly checks: { readonly [id: string]: Severity };
  readonly customChecks?: { readonly [id: string]: PolarisCheck };
  readonly exemptions?: Exemption[];
  readonly mutations?: string[];
  /** Ignore both config and annotation exemptions (`disallowExemptions`). */
  readonly disallowExemptions?: boolean;
}

/** A config exemption. */
export interface Exemption {
  readonly namespace?: string;
  readonly controllerNames?: string[];
  readonly containerNames?: string[];
  readonly rules?: string[];
}

/** One result, as Polaris reports it. */
export interface PolarisResult {
  readonly checkId: string;
  readonly severity: Severity;
  readonly success: boolean;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly container?: string;
  readonly message: string;
  readonly mutations?: Array<{ op: string; path: string; value?: unknown }>;
}

const HANDLED_TARGETS = ['Controller', 'Container', 'PodSpec', 'PodTemplate'];

/** Cluster-scoped group/kinds that additional schemas may reference. */
const CLUSTER_SCOPED = new Set([
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding', 'Namespace', 'Node',
  'PersistentVolume', 'storage.k8s.io/StorageClass', 'scheduling.k8s.io/PriorityClass',
]);

function asList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** Parses a check file the way `config.ParseCheck` + `Initialize` do. */
export function parsePolarisCheck(id: string, text: string): PolarisCheck {
  const raw = (yaml.load(text) ?? {}) as Obj;
  const schemaString = typeof raw.schemaString === 'string' && raw.schemaString !== ''
    ? raw.schemaString
    : JSON.stringify(raw.schema ?? null);
  const additional: Record<string, string> = {};
  for (const [k, v] of Object.entries((raw.additionalSchemaStrings ?? {}) as Obj)) additional[k] = String(v);
  for (const [k, v] of Object.entries((raw.additionalSchemas ?? {}) as Obj)) additional[k] = JSON.stringify(v);
  const controllers = (raw.controllers ?? {}) as Obj;
  const containers = (raw.containers ?? {}) as Obj;
  return {
    id,
    category: String(raw.category ?? ''),
    successMessage: String(raw.successMessage ?? ''),
    failureMessage: String(raw.failureMessage ?? ''),
    target: String(raw.target ?? ''),
    schemaTarget: String(raw.schemaTarget ?? ''),
    controllers: { include: asList(controllers.include), exclude: asList(controllers.exclude) },
    containers: { include: asList(containers.include), exclude: asList(containers.exclude) },
    schemaString,
    additionalSchemaStrings: additional,
    mutations: (Array.isArray(raw.mutations) ? raw.mutations : []) as PolarisCheck['mutations'],
  };
}

/** Loads the built-in checks from `<polarisDir>/pkg/config/checks/*.yaml`. */
export function loadBuiltInChecks(polarisDir: string): Map<string, PolarisCheck> {
  const dir = path.join(polarisDir, 'pkg', 'config', 'checks');
  const checks = new Map<string, PolarisCheck>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const id = file.replace(/\.yaml$/, '');
    checks.set(id, parsePolarisCheck(id, fs.readFileSync(path.join(dir, file), 'utf8')));
  }
  return checks;
}

/** Loads the core/v1 OpenAPI schemas so pod specs are decoded as Polaris's typed structs would. */
export function configureTypesFromCorpus(corpusDir: string): void {
  const doc = JSON.parse(fs.readFileSync(path.join(corpusDir, 'k8s-openapi', 'api__v1_openapi.json'), 'utf8'));
  configureTypedRoundTrip(doc.components.schemas);
}

/** Loads `<polarisDir>/pkg/config/default.yaml` (severities, exemptions, mutations). */
export function loadDefaultConfig(polarisDir: string): PolarisConfig {
  const raw = yaml.load(fs.readFileSync(path.join(polarisDir, 'pkg', 'config', 'default.yaml'), 'utf8')) as Obj;
  return {
    checks: raw.checks as Record<string, Severity>,
    exemptions: (raw.exemptions ?? []) as Exemption[],
    mutations: asList(raw.mutations),
  };
}

// ---------------------------------------------------------------- resources

/** A resource as Polaris's ResourceProvider holds it. */
export interface PolarisResource {
  readonly kind: string;
  readonly groupKind: string;
  readonly name: string;
  readonly namespace: string;
  readonly annotations: { readonly [k: string]: string };
  /** The object checks of target Controller / Kind see (a typed round trip for Pods). */
  readonly object: Obj;
  readonly podSpec?: Obj;
  readonly podTemplate?: Obj;
}

const POD_SPEC_FIELDS = ['jobTemplate', 'spec', 'template'];

/** `kube.GetPodSpec`, also returning the map holding the pod spec under `spec` (the pod template). */
function findPodSpec(obj: Obj): { spec: Obj; template?: Obj } | undefined {
  let current: Obj = obj;
  let parent: Obj | undefined;
  let viaSpec = false;
  for (;;) {
    const child = POD_SPEC_FIELDS.find((f) => f in current);
    if (!child) break;
    const next = current[child];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new Error(`field ${child} is not an object`);
    }
    parent = current;
    viaSpec = child === 'spec';
    current = next as Obj;
  }
  if (!('containers' in current)) return undefined;
  return { spec: current, template: viaSpec ? parent : undefined };
}

/** Builds the resource Polaris would for one manifest object. */
export function toPolarisResource(input: Obj): PolarisResource {
  const kind = String(input.kind ?? '');
  const apiVersion = String(input.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const groupKind = group ? `${group}/${kind}` : kind;
  let object: Obj = input;
  let podSpec: Obj | undefined;
  let podTemplate: Obj | undefined;
  if (kind === 'Pod') {
    object = roundTripPod(input);
    podSpec = object.spec as Obj;
    podTemplate = object;
  } else {
    const found = findPodSpec(JSON.parse(JSON.stringify(input)) as Obj);
    if (found) {
      podSpec = roundTripPodSpec(found.spec);
      podTemplate = found.template;
    }
  }
  const metadata = (object.metadata ?? {}) as Obj;
  return {
    kind,
    groupKind,
    name: String(metadata.name ?? ''),
    namespace: String(metadata.namespace ?? ''),
    annotations: (metadata.annotations ?? {}) as Record<string, string>,
    object,
    podSpec,
    podTemplate,
  };
}

/** Splits a multi-document YAML file as Polaris does (`[\r\n]-+[\r\n]`) and parses each part. */
export function parseManifestFile(text: string): Obj[] {
  return text.split(/[\r\n]-+[\r\n]/)
    .filter((part) => part.trim() !== '')
    .map((part) => yaml.load(part) as Obj)
    .filter((o) => o !== null && o !== undefined);
}

// ---------------------------------------------------------------- evaluation

interface TestCase {
  readonly target: string; // '' for the top-level kind match
  readonly resource: PolarisResource;
  readonly container?: Obj;
  readonly isInit: boolean;
}

function isExemptionMatched(list: string[] | undefined, predicate: string): boolean {
  if (!list || list.length === 0) return true;
  return list.some((prefix) => predicate.startsWith(prefix));
}

function configIsActionable(conf: PolarisConfig, checkId: string, res: PolarisResource, containerName: string): boolean {
  const severity = conf.checks[checkId];
  if (severity !== 'danger' && severity !== 'warning') return false;
  if (conf.disallowExemptions) return true;
  for (const ex of conf.exemptions ?? []) {
    if (ex.namespace && ex.namespace !== res.namespace) continue;
    const rules = ex.rules ?? [];
    if (rules.length === 0 || rules.includes(checkId)) {
      if (!isExemptionMatched(ex.controllerNames, res.name)) continue;
      if (isExemptionMatched(ex.containerNames, containerName)) return false;
    }
  }
  return true;
}

function hasExemptionAnnotation(res: PolarisResource, checkId: string): boolean {
  const a = res.annotations;
  return String(a['polaris.fairwinds.com/exempt'] ?? '').toLowerCase() === 'true'
    || String(a[`polaris.fairwinds.com/${checkId}-exempt`] ?? '').toLowerCase() === 'true';
}

function checkIsActionable(check: PolarisCheck, target: string, kind: string, isInit: boolean): boolean {
  if (HANDLED_TARGETS.includes(target)) {
    if (check.target === 'PodTemplate' && target === 'PodSpec') return true;
    if (check.target !== target) return false;
  } else if (check.target !== kind && !check.target.endsWith('/' + kind)) {
    return false;
  }
  if (check.controllers.include.length > 0 && !check.controllers.include.includes(kind)) return false;
  if (check.controllers.exclude.includes(kind)) return false;
  if (check.target === 'Container') {
    const inc = check.containers.include;
    if (inc.length > 0 && !inc.some((i) => (i === 'initContainer' && isInit) || (i === 'container' && !isInit))) return false;
    if (check.containers.exclude.some((e) => (e === 'initContainer' && isInit) || (e === 'container' && !isInit))) return false;
  }
  return true;
}

function templateInput(test: TestCase): Obj {
  const input = JSON.parse(JSON.stringify(test.resource.object)) as Obj;
  if (test.resource.podSpec) {
    const polaris: Obj = { PodSpec: test.resource.podSpec, PodTemplate: test.resource.podTemplate ?? null };
    if (test.container) polaris.Container = test.container;
    input.Polaris = polaris;
  }
  return input;
}

function parseSchemaText(text: string, what: string): unknown {
  try {
    return yaml.load(text);
  } catch (e) {
    throw new Error(`${what}: templated schema is not valid YAML: ${(e as Error).message}`);
  }
}

/** Go-coded checks (registered with `registerCustomChecks` in Polaris). */
const CODE_CHECKS: { [id: string]: (test: TestCase, provider: ResourceIndex) => boolean } = {
  pdbMinAvailableGreaterThanHPAMinReplicas: (test, provider) => {
    const deployment = test.resource.object;
    const spec = (deployment.spec ?? {}) as Obj;
    const templateLabels = (((spec.template ?? {}) as Obj).metadata as Obj | undefined)?.labels as Record<string, string> | undefined ?? {};
    const pdb = (provider.get('policy/PodDisruptionBudget') ?? []).map((r) => r.object).find((p) => {
      const selector = ((p.spec ?? {}) as Obj).selector as Obj | undefined;
      if (!selector) return false;
      const matchLabels = (selector.matchLabels ?? {}) as Record<string, string>;
      return Object.entries(matchLabels).some(([k, v]) => templateLabels[k] === v);
    });
    const hpa = (provider.get('autoscaling/HorizontalPodAutoscaler') ?? []).map((r) => r.object).find((h) => {
      const ref = (((h.spec ?? {}) as Obj).scaleTargetRef ?? {}) as Obj;
      return ref.kind === 'Deployment' && ref.name === ((deployment.metadata ?? {}) as Obj).name;
    });
    if (!pdb || !hpa) return true;
    const minAvailable = ((pdb.spec ?? {}) as Obj).minAvailable;
    if (minAvailable === undefined || minAvailable === null) return true;
    let value: number;
    if (typeof minAvailable === 'number') {
      value = minAvailable;
    } else if (typeof minAvailable === 'string' && /^-?\d+%$/.test(minAvailable)) {
      const replicas = spec.replicas;
      if (typeof replicas !== 'number') return true;
      value = Math.ceil((parseInt(minAvailable, 10) * replicas) / 100);
    } else {
      return true;
    }
    const minReplicas = ((hpa.spec ?? {}) as Obj).minReplicas;
    return !(typeof minReplicas === 'number' && value > minReplicas);
  },
};

type ResourceIndex = Map<string, PolarisResource[]>;

function jsonPrefix(kind: string): string {
  if (kind === 'CronJob') return '/spec/jobTemplate/spec/template/spec';
  if (kind === 'Pod') return '/spec';
  if (['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController'].includes(kind)) return '/spec/template/spec';
  return '';
}

/** Evaluates one check for one test case; `undefined` when the check does not apply. */
function applyCheck(
  conf: PolarisConfig,
  builtIn: Map<string, PolarisCheck>,
  checkId: string,
  test: TestCase,
  provider: ResourceIndex,
): PolarisResult | undefined {
  const res = test.resource;
  if (!conf.disallowExemptions && hasExemptionAnnotation(res, checkId)) return undefined;
  const check = conf.customChecks?.[checkId] ?? builtIn.get(checkId);
  if (!check) throw new Error(`Check ${checkId} not found`);
  const containerName = test.container ? String(test.container.name ?? '') : '';
  if (!configIsActionable(conf, checkId, res, containerName)) return undefined;
  if (!checkIsActionable(check, test.target, res.kind, test.isInit)) return undefined;

  let passes: boolean;
  let prefix = '';
  const codeCheck = CODE_CHECKS[checkId];
  if (codeCheck && !conf.customChecks?.[checkId]) {
    passes = codeCheck(test, provider);
  } else {
    const data = templateInput(test);
    const where = `${checkId} on ${res.kind}/${res.name}`;
    const main = executeGoTemplate(check.schemaString, data);
    const mainSchema = main.trim() === '' ? {} : parseSchemaText(main, where);
    const additional: Array<[string, unknown]> = [];
    for (const groupKind of Object.keys(check.additionalSchemaStrings).sort()) {
      const text = executeGoTemplate(check.additionalSchemaStrings[groupKind], data);
      if (text.trim() === '') continue;
      additional.push([groupKind, parseSchemaText(text, `${where} (${groupKind})`)]);
    }
    const validate = compilePolarisSchema(mainSchema);
    const containerIndex = () => ((res.podSpec?.containers ?? []) as Obj[]).findIndex((c) => c.name === containerName);
    if (check.schemaTarget !== '') {
      if (check.schemaTarget === 'PodSpec' && check.target === 'Container') {
        const podCopy: Obj = { ...res.podSpec, containers: [test.container] };
        delete podCopy.initContainers;
        prefix = jsonPrefix(res.kind);
        if (prefix) prefix += `/containers/${containerIndex()}`;
        passes = validate(podCopy) as boolean;
      } else {
        throw new Error(`Unknown combination of target (${check.target}) and schema target (${check.schemaTarget})`);
      }
    } else if (check.target === 'PodSpec') {
      passes = validate(res.podSpec) as boolean;
      prefix = jsonPrefix(res.kind);
    } else if (check.target === 'PodTemplate') {
      passes = validate(res.podTemplate ?? null) as boolean;
    } else if (check.target === 'Container') {
      prefix = jsonPrefix(res.kind);
      if (prefix) prefix += `/containers/${containerIndex()}`;
      passes = validate(test.container) as boolean;
    } else {
      passes = validate(res.object) as boolean;
    }
    for (const [groupKind, schema] of additional) {
      if (!passes) break;
      const namespace = res.kind === 'Namespace' ? res.name : res.namespace;
      // Polaris filters the other objects by the namespace of the audited one. Cluster-scoped
      // kinds (a ClusterRole referenced by a RoleBinding) have no namespace and are not filtered;
      // Polaris's own fixtures (rolebinding* checks with a namespaced RoleBinding) require this.
      const candidates = (provider.get(groupKind) ?? []).filter((r) => CLUSTER_SCOPED.has(groupKind) || r.namespace === namespace);
      const v = compilePolarisSchema(schema);
      passes = candidates.some((r) => v(r.object) as boolean);
    }
  }
  const severity = conf.checks[checkId];
  const result: PolarisResult = {
    checkId,
    severity,
    success: passes,
    kind: res.kind,
    namespace: res.namespace,
    name: res.name,
    container: test.container ? containerName : undefined,
    message: passes ? check.successMessage : check.failureMessage,
  };
  if (!passes && (conf.mutations ?? []).includes(checkId)) {
    return { ...result, mutations: check.mutations.map((m) => ({ ...m, path: prefix + m.path })) };
  }
  return result;
}

/** Runs every configured check against every resource, as `ApplyAllSchemaChecksToResourceProvider`. */
export function auditObjects(conf: PolarisConfig, builtIn: Map<string, PolarisCheck>, objects: Obj[]): PolarisResult[] {
  const resources = objects.map(toPolarisResource);
  const provider: ResourceIndex = new Map();
  for (const r of resources) provider.set(r.groupKind, [...(provider.get(r.groupKind) ?? []), r]);
  const checkIds = Object.keys(conf.checks).sort();
  const results: PolarisResult[] = [];
  const run = (test: TestCase) => {
    for (const id of checkIds) {
      const r = applyCheck(conf, builtIn, id, test, provider);
      if (r) results.push(r);
    }
  };
  for (const resource of resources) {
    if (!resource.podSpec) {
      run({ target: '', resource, isInit: false });
      continue;
    }
    run({ target: 'Controller', resource, isInit: false });
    run({ target: '', resource, isInit: false });
    run({ target: 'PodSpec', resource, isInit: false });
    for (const c of (resource.podSpec.initContainers ?? []) as Obj[]) run({ target: 'Container', resource, container: roundTripContainer(c), isInit: true });
    for (const c of (resource.podSpec.containers ?? []) as Obj[]) run({ target: 'Container', resource, container: roundTripContainer(c), isInit: false });
  }
  return results;
}

/**
 * Validates manifest objects as a Kubernetes 1.28 API server with strict field validation would:
 * built-in kinds against the OpenAPI v3 documents in corpus `k8s-openapi/` (keyed by
 * `x-kubernetes-group-version-kind`), custom resources against the `openAPIV3Schema` of the served
 * version in corpus `crds/`.
 *
 * Unknown fields are rejected (`kubectl apply --validate=strict`): a schema node that lists
 * `properties` without `additionalProperties` gets `additionalProperties: false`, unless it carries
 * `x-kubernetes-preserve-unknown-fields`. `x-kubernetes-int-or-string` accepts an integer or a
 * string. Formats Kubernetes defines (`int-or-string`, `quantity`, ...) are accepted as written;
 * standard formats come from ajv-formats. An object whose group/version/kind has no schema is an
 * error, never skipped.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as yaml from 'js-yaml';
import { ConformanceSection } from './section';

type Obj = Record<string, unknown>;

/** `group/version/Kind` (core group: `v1/Kind`). */
export function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Rewrites one schema node (recursively) into strict, ajv-compatible form. */
export function strictify(node: unknown, refPrefix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => strictify(n, refPrefix));
  if (typeof node !== 'object' || node === null) return node;
  const src = node as Obj;
  const out: Obj = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === '$ref' && typeof v === 'string') {
      out.$ref = v.replace('#/components/schemas/', refPrefix);
    } else if (k === 'properties' || k === 'patternProperties' || k === 'definitions' || k === '$defs') {
      const props: Obj = {};
      for (const [name, sub] of Object.entries(v as Obj)) props[name] = strictify(sub, refPrefix);
      out[k] = props;
    } else if (k === 'enum' || k === 'default' || k === 'example' || k === 'const' || k === 'required') {
      out[k] = v;
    } else if (k === 'description' || k.startsWith('x-kubernetes-list') || k === 'x-kubernetes-patch-merge-key' || k === 'x-kubernetes-patch-strategy' || k === 'x-kubernetes-map-type' || k === 'x-kubernetes-validations') {
      continue; // documentation and server-side merge/CEL metadata: not structural
    } else {
      out[k] = strictify(v, refPrefix);
    }
  }
  if (src['x-kubernetes-int-or-string'] === true && !out.type && !out.oneOf && !out.anyOf) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (src.properties && src.additionalProperties === undefined && src['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

function k8sFormats(ajv: Ajv): void {
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'int-or-string', 'quantity', 'byte', 'double', 'float', 'password', 'uint64', 'uint32', 'int8', 'int16', 'uint8', 'uint16']) {
    ajv.addFormat(f, true);
  }
}

/** The registered schemas, keyed by group/version/kind, with where each came from. */
export class ManifestValidator {
  private readonly ajv: Ajv;
  private readonly sources = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly crdSchemas = new Map<string, Obj>();

  constructor(private readonly corpusDir: string) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    k8sFormats(this.ajv);
    this.loadOpenApi();
    this.loadCrds();
  }

  private loadOpenApi(): void {
    const dir = path.join(this.corpusDir, 'k8s-openapi');
    // Kubernetes 1.28 only: the `v1.30_` file is a newer release and must not widen what we accept.
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('_openapi.json') && !f.startsWith('v1.')).sort();
    const merged: Obj = {};
    for (const file of files) {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { components: { schemas: Obj } };
      for (const [name, schema] of Object.entries(doc.components.schemas)) {
        merged[name] = schema;
        const gvks = (schema as Obj)['x-kubernetes-group-version-kind'] as Array<{ group: string; version: string; kind: string }> | undefined;
        for (const g of gvks ?? []) {
          const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
          // List kinds and the like carry the same GVK on several schemas; the object schema wins.
          if (name.endsWith(`.${g.kind}`)) this.sources.set(gvkKey(apiVersion, g.kind), `openapi:${name}`);
        }
      }
    }
    const defs: Obj = {};
    for (const [name, schema] of Object.entries(merged)) defs[name] = strictify(schema, 'k8s#/$defs/');
    this.ajv.addSchema({ $id: 'k8s', $defs: defs });
    this.loadAdmissionRegistrationV130(dir);
  }

  /**
   * admissionregistration.k8s.io/v1 from Kubernetes 1.30 (ValidatingAdmissionPolicy went GA in
   * 1.30): that group/version only is validated against the 1.30 document, under its own `$id`, so
   * nothing else widens beyond 1.28.
   */
  private loadAdmissionRegistrationV130(dir: string): void {
    const file = path.join(dir, 'v1.30_apis__admissionregistration.k8s.io__v1_openapi.json');
    if (!fs.existsSync(file)) return;
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { components: { schemas: Obj } };
    const defs: Obj = {};
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      defs[name] = strictify(schema, 'k8s130#/$defs/');
      const gvks = (schema as Obj)['x-kubernetes-group-version-kind'] as Array<{ group: string; version: string; kind: string }> | undefined;
      for (const g of gvks ?? []) {
        if (g.group !== 'admissionregistration.k8s.io' || g.version !== 'v1' || !name.endsWith(`.${g.kind}`)) continue;
        this.sources.set(gvkKey(`${g.group}/${g.version}`, g.kind), `openapi130:${name}`);
      }
    }
    this.ajv.addSchema({ $id: 'k8s130', $defs: defs });
  }

  private loadCrds(): void {
    const dir = path.join(this.corpusDir, 'crds');
    // ESO: v0.16.2 first (the last release serving v1beta1), then v2.9.0 so its v1 schema wins.
    const subdirs = fs.readdirSync(dir).filter((d) => fs.statSync(path.join(dir, d)).isDirectory()).sort((a, b) => {
      const rank = (d: string) => (d === 'external-secrets-v0.16.2' ? 1 : d === 'external-secrets' ? 2 : 0);
      return rank(a) - rank(b) || a.localeCompare(b);
    });
    for (const sub of subdirs) {
      for (const file of fs.readdirSync(path.join(dir, sub)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
        for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, sub, file), 'utf8')) as Obj[]) {
          if (!doc || doc.kind !== 'CustomResourceDefinition') continue;
          const spec = doc.spec as Obj;
          const group = String(spec.group);
          const kind = String((spec.names as Obj).kind);
          for (const version of (spec.versions ?? []) as Obj[]) {
            if (version.served !== true) continue;
            const schema = ((version.schema ?? {}) as Obj).openAPIV3Schema as Obj | undefined;
            if (!schema) continue;
            const key = gvkKey(`${group}/${String(version.name)}`, kind);
            this.crdSchemas.set(key, schema);
            this.sources.set(key, `crd:${sub}/${file}`);
            this.compiled.delete(key);
          }
        }
      }
    }
  }

  /** Where the schema for a group/version/kind comes from, or undefined. */
  sourceOf(apiVersion: string, kind: string): string | undefined {
    return this.sources.get(gvkKey(apiVersion, kind));
  }

  private validatorFor(key: string): ValidateFunction | undefined {
    let fn = this.compiled.get(key);
    if (fn) return fn;
    const source = this.sources.get(key);
    if (!source) return undefined;
    if (source.startsWith('openapi:')) {
      fn = this.ajv.compile({ $ref: `k8s#/$defs/${source.slice('openapi:'.length)}` });
    } else if (source.startsWith('openapi130:')) {
      fn = this.ajv.compile({ $ref: `k8s130#/$defs/${source.slice('openapi130:'.length)}` });
    } else {
      const schema = strictify(this.crdSchemas.get(key), 'k8s#/$defs/') as Obj;
      // apiVersion, kind and metadata are implicit at the root of every custom resource (some CRDs,
      // e.g. policy-controller's, do not list them); the API server validates metadata as ObjectMeta.
      const props = {
        ...(schema.properties as Obj | undefined),
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { $ref: 'k8s#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      };
      fn = this.ajv.compile({ ...schema, properties: props });
    }
    this.compiled.set(key, fn);
    return fn;
  }

  /** Validates one object; returns one line per problem (empty when valid). */
  validate(object: Obj): string[] {
    const apiVersion = String(object.apiVersion ?? '');
    const kind = String(object.kind ?? '');
    const key = gvkKey(apiVersion, kind);
    const fn = this.validatorFor(key);
    if (!fn) return [`no schema for ${key} in k8s-openapi (1.28; admissionregistration.k8s.io/v1 from 1.30) or served CRD versions`];
    if (fn(object)) return [];
    return (fn.errors ?? []).slice(0, 5).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` '${String((e.params as Obj).additionalProperty)}'` : '';
      return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
    });
  }
}

function describe(o: Obj): string {
  const meta = (o.metadata ?? {}) as Obj;
  return `${String(o.apiVersion)}/${String(o.kind)} ${meta.namespace ? `${String(meta.namespace)}/` : ''}${String(meta.name ?? '?')}`;
}

/** Proves the validator rejects what it must: each entry must produce at least one error. */
function selfCheck(v: ManifestValidator): { checked: number; failures: string[] } {
  const deployment: Obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'probe', namespace: 'probe' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'probe' } },
      template: { metadata: { labels: { app: 'probe' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }], resources: { limits: { cpu: '1', memory: 1024 } } }] } },
    },
  };
  const externalSecret: Obj = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'probe', namespace: 'probe' },
    spec: { secretStoreRef: { name: 'store', kind: 'SecretStore' }, target: { name: 'probe' }, data: [{ secretKey: 'k', remoteRef: { key: 'path' } }] },
  };
  const clone = (o: Obj) => JSON.parse(JSON.stringify(o)) as Obj;
  const failures: string[] = [];
  let checked = 0;
  const expectValid = (what: string, o: Obj) => {
    checked++;
    const errs = v.validate(o);
    if (errs.length > 0) failures.push(`self-check: ${what} should validate but: ${errs.join('; ')}`);
  };
  const expectInvalid = (what: string, o: Obj) => {
    checked++;
    if (v.validate(o).length === 0) failures.push(`self-check: ${what} should be rejected but validated`);
  };
  expectValid('a well-formed Deployment', deployment);
  expectValid('a well-formed ExternalSecret v1', externalSecret);
  const unknownField = clone(deployment);
  ((unknownField.spec as Obj).template as Obj & { spec: { containers: Obj[] } }).spec.containers[0].securityContxt = { runAsNonRoot: true };
  expectInvalid('a Deployment with a misspelt container field (securityContxt)', unknownField);
  const wrongType = clone(deployment);
  (wrongType.spec as Obj).replicas = 'two';
  expectInvalid('a Deployment with replicas: "two"', wrongType);
  const missingRequired = clone(deployment);
  delete (missingRequired.spec as Obj).selector;
  expectInvalid('a Deployment without spec.selector', missingRequired);
  const crUnknown = clone(externalSecret);
  (crUnknown.spec as Obj).refreshIntervall = '1h';
  expectInvalid('an ExternalSecret with an unknown spec field', crUnknown);
  const v1beta1 = clone(externalSecret);
  v1beta1.apiVersion = 'external-secrets.io/v1beta1';
  expectValid('an ExternalSecret v1beta1 (ESO v0.16.2)', v1beta1);
  expectInvalid('an object of an unknown kind', { apiVersion: 'example.com/v1', kind: 'Unknown', metadata: { name: 'x' } });
  return { checked, failures };
}

/** A named set of objects to validate. */
export interface ObjectSet { readonly name: string; readonly objects: unknown[] }

/** Section `openapi + crd schemas`: every object of every case validates (plus the self-checks). */
export function runSchemaValidation(corpusDir: string, cases: ObjectSet[]): ConformanceSection {
  const v = new ManifestValidator(corpusDir);
  const self = selfCheck(v);
  const failures = [...self.failures];
  let checked = self.checked;
  const kinds = new Map<string, number>();
  for (const c of cases) {
    for (const o of c.objects as Obj[]) {
      checked++;
      const key = `${String(o.apiVersion)}/${String(o.kind)}`;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
      for (const err of v.validate(o)) failures.push(`${c.name}: ${describe(o)}: ${err}`);
    }
  }
  const notes = [
    `${self.checked} validator self-checks (broken objects rejected, good ones accepted)`,
    `kinds: ${[...kinds].sort().map(([k, n]) => `${k}=${n}`).join(', ') || '(none)'}`,
  ];
  return { name: 'openapi + crd schemas', checked, failures, notes };
}

/**
 * Schema validation of emitted admission policy objects, shared by the policy sections.
 *
 * Objects are validated against the corpus schemas; Gatekeeper constraints have no CRD in the
 * corpus (Gatekeeper generates one per template), so they are checked against their template:
 * the template must exist and be named after the kind, and the constraint may only use the fields
 * Gatekeeper's generated CRD accepts and the parameters the template's schema declares.
 */
import { ManifestValidator } from './schema';

type Obj = Record<string, any>;

const CONSTRAINT_MATCH_FIELDS = ['kinds', 'scope', 'namespaces', 'excludedNamespaces', 'labelSelector', 'namespaceSelector', 'name', 'source'];

function constraintProblems(o: Obj, objects: Obj[]): string[] {
  const out: string[] = [];
  const name = `${o.kind}/${o.metadata?.name}`;
  const template = objects.find((t) => t.kind === 'ConstraintTemplate' && t.spec?.crd?.spec?.names?.kind === o.kind);
  if (!template) return [`constraint ${name}: no template declares kind ${o.kind}`];
  if (template.metadata.name !== String(o.kind).toLowerCase()) out.push(`template ${template.metadata.name} must be named ${String(o.kind).toLowerCase()}`);
  const extra = Object.keys(o.spec ?? {}).filter((k) => !['enforcementAction', 'match', 'parameters'].includes(k));
  if (extra.length > 0) out.push(`constraint ${name}: unknown spec fields ${extra.join(', ')}`);
  const extraMatch = Object.keys(o.spec?.match ?? {}).filter((k) => !CONSTRAINT_MATCH_FIELDS.includes(k));
  if (extraMatch.length > 0) out.push(`constraint ${name}: unknown match fields ${extraMatch.join(', ')}`);
  if (!['deny', 'dryrun', 'warn'].includes(o.spec?.enforcementAction)) out.push(`constraint ${name}: enforcementAction ${o.spec?.enforcementAction}`);
  const props = template.spec?.crd?.spec?.validation?.openAPIV3Schema?.properties ?? {};
  for (const p of Object.keys(o.spec?.parameters ?? {})) if (!(p in props)) out.push(`constraint ${name}: parameter ${p} not in the template schema`);
  return out;
}

/** Validates each distinct object once (`seen` spans calls); returns how many were checked. */
export function validatePolicyObjects(validator: ManifestValidator, objects: Obj[], seen: Set<string>, failures: string[]): number {
  let checked = 0;
  for (const o of objects) {
    const key = JSON.stringify(o);
    if (seen.has(key)) continue;
    seen.add(key);
    checked++;
    if (String(o.apiVersion).startsWith('constraints.gatekeeper.sh/')) {
      for (const p of constraintProblems(o, objects)) failures.push(`schema: ${p}`);
      continue;
    }
    for (const err of validator.validate(o)) failures.push(`schema: ${o.apiVersion}/${o.kind} ${o.metadata?.name}: ${err}`);
  }
  return checked;
}

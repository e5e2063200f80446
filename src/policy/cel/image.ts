/**
 * `image-digest` in CEL: every init, regular and ephemeral container names its image as
 * `[registry/]repository[:tag]@sha256:<64 hex>`, exactly as `parseImageReference(ref, true)`
 * accepts it (a property test proves the regular expression agrees with the parser).
 *
 * The parser treats the first path component as a registry when there are several components and
 * it contains `.` or `:` or is `localhost`; otherwise it is a repository component. The regular
 * expression encodes both cases, so a first component such as `MyHost` (no dot: a component, and
 * upper case is not allowed there) is rejected as the parser rejects it.
 */
import { ICheck } from '../../compliance/check';
import { findCheck } from '../../compliance/checks';
import { PolicyRule, resourcesOf, RuleSubject } from '../model';
import { CONTAINERS, str } from './expr';

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const COMPONENT_NO_DOT = '[a-z0-9]+(?:(?:_|__|-+)[a-z0-9]+)*';
const REGISTRY = '(?:(?:localhost|[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)+)(?::[0-9]+)?|[a-zA-Z0-9-]+:[0-9]+)';
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';

/** The RE2 pattern of a digest-pinned image reference. */
export const PINNED_IMAGE_PATTERN = `^(?:(?:${REGISTRY}|${COMPONENT_NO_DOT})/(?:${COMPONENT}/)*${COMPONENT}|${COMPONENT})(?::${TAG})?@sha256:[a-f0-9]{64}$`;

/** The `image-digest` admission rule. */
export function imageDigestRule(): PolicyRule {
  const check: ICheck | undefined = findCheck('image-digest');
  if (!check) throw new Error('image-digest is not a registered check');
  const ok = `has(c.image) && c.image.matches(${str(PINNED_IMAGE_PATTERN)})`;
  const message = `${check.id}: ${check.title}; use 'registry/repository:tag@sha256:<64 hex>'`;
  return {
    id: check.id,
    title: check.title,
    message,
    severity: check.severity,
    subject: RuleSubject.PODS,
    resources: resourcesOf(RuleSubject.PODS),
    variables: [],
    validations: [{
      expression: `${CONTAINERS}.all(c, ${ok})`,
      message,
      messageExpression: `${str(`${message}; offending containers: `)} + ${CONTAINERS}.filter(c, !(${ok})).map(c, has(c.name) ? c.name : '').join(', ')`,
      reason: 'Forbidden',
    }],
    fieldPaths: ['spec.{containers,initContainers,ephemeralContainers}[*].image'],
  };
}

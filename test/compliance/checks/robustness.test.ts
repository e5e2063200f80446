import * as fc from 'fast-check';
import { WORLD, deployment } from './fixtures';
import { CheckStatus } from '../../../src/compliance/check';
import { ALL_CHECKS } from '../../../src/compliance/checks';
import { EvaluationContext } from '../../../src/compliance/context';

const STATUSES = Object.values(CheckStatus) as string[];
const CHECKS = ALL_CHECKS.filter((c) => !c.id.startsWith('pss-'));
const KINDS = [...new Set(CHECKS.flatMap((c) => c.kinds.filter((k) => k !== '*')))];

/** Any JSON value, and objects shaped like the kinds the checks judge with arbitrary fields. */
const document = fc.oneof(
  fc.jsonValue(),
  fc.record({
    kind: fc.constantFrom(...KINDS),
    metadata: fc.jsonValue(),
    spec: fc.jsonValue(),
    rules: fc.jsonValue(),
    subjects: fc.jsonValue(),
    roleRef: fc.jsonValue(),
  }),
);

/** A hardened Deployment with one field somewhere replaced by an arbitrary JSON value. */
const mutatedDeployment = fc.tuple(fc.constantFrom(
  ['spec'], ['spec', 'template'], ['spec', 'template', 'spec'], ['spec', 'template', 'spec', 'containers'],
  ['spec', 'template', 'spec', 'containers', '0'], ['spec', 'template', 'spec', 'containers', '0', 'securityContext'],
  ['spec', 'template', 'spec', 'containers', '0', 'resources'], ['spec', 'template', 'spec', 'containers', '0', 'env'],
  ['spec', 'template', 'metadata'], ['metadata'], ['spec', 'replicas'], ['spec', 'template', 'spec', 'securityContext'],
), fc.jsonValue()).map(([path, value]) => deployment((d) => {
  let target = d;
  for (const key of path.slice(0, -1)) target = target[key];
  target[path[path.length - 1]] = value;
}));

describe('checks on arbitrary input', () => {
  test('never throw and always return a known status', () => {
    fc.assert(fc.property(fc.oneof(document, mutatedDeployment), fc.array(document, { maxLength: 4 }), (object, others) => {
      const context = new EvaluationContext([object, ...others, ...WORLD], { pssVersion: 'latest', now: new Date(0) });
      for (const check of CHECKS) {
        const outcome = check.evaluate(object, context);
        if (!STATUSES.includes(outcome.status)) throw new Error(`${check.id} returned ${JSON.stringify(outcome)}`);
      }
    }), { numRuns: 300 });
  });
});

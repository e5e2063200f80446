import { deployment } from './fixtures';
import { CheckStatus } from '../../../src/compliance/check';
import { isOutcome, podOf, PodView, withObjectScope } from '../../../src/compliance/checks/support';

function view(object: unknown): PodView {
  const v = podOf(object);
  if (isOutcome(v)) throw new Error(`not a pod view: ${v.reason}`);
  return v;
}

describe('podOf and withObjectScope', () => {
  test('shares one view among the checks of the object being judged', () => {
    const d = deployment();
    withObjectScope(d, () => {
      const first = view(d);
      expect(view(d)).toBe(first);
      expect(first.containers.map((c) => c.pointer)).toEqual(['/spec/template/spec/containers/0']);
    });
  });

  test('builds a fresh view outside the scope, so a change between calls is seen', () => {
    const d = deployment();
    const before = view(d);
    d.spec.template.spec.containers.push({ name: 'sidecar', image: 'x' });
    const after = view(d);
    expect(after).not.toBe(before);
    expect(after.containers.map((c) => c.name)).toEqual([...before.containers.map((c) => c.name), 'sidecar']);
  });

  test('builds a fresh view for another object inside the scope, and restores the outer scope', () => {
    const a = deployment();
    const b = deployment();
    withObjectScope(a, () => {
      const va = view(a);
      expect(view(b)).not.toBe(view(b));
      withObjectScope(b, () => expect(view(b)).toBe(view(b)));
      expect(view(a)).toBe(va);
    });
  });

  test('applies the kind filter to a shared view', () => {
    const d = deployment();
    withObjectScope(d, () => {
      view(d);
      expect(podOf(d, ['Pod'])).toEqual({ status: CheckStatus.NOT_APPLICABLE, reason: 'does not apply to Deployment' });
      expect(podOf({ kind: 'ConfigMap' })).toEqual({ status: CheckStatus.NOT_APPLICABLE, reason: 'not a pod-bearing object' });
    });
  });
});

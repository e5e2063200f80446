import { Chart, Testing } from 'cdk8s';
import {
  GatekeeperConstraintTemplate, GatekeeperConstraintTemplateProps, GatekeeperEnforcementAction, GatekeeperTemplateCode, regoError,
} from '../../../src/policy/gatekeeper/custom-template';

const REGO = `package k8sdisallowedtags

violation contains {"msg": msg} if {
	some container in input.review.object.spec.containers
	some tag in input.parameters.tags
	endswith(container.image, concat(":", ["", tag]))
	msg := sprintf("container <%v> uses a disallowed tag <%v>", [container.name, tag])
}
`;

const SCHEMA = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } } };

function template(props: Partial<GatekeeperConstraintTemplateProps> = {}): { chart: Chart; t: GatekeeperConstraintTemplate } {
  const chart = new Chart(Testing.app(), 'test');
  const t = new GatekeeperConstraintTemplate(chart, 'tpl', { kind: 'K8sDisallowedTags', code: GatekeeperTemplateCode.rego(REGO), parameters: SCHEMA, ...props });
  return { chart, t };
}

function fails(props: Partial<GatekeeperConstraintTemplateProps>, message: string): void {
  expect(() => template(props)).toThrow(`GatekeeperConstraintTemplate 'test/tpl': ${message}`);
}

describe('GatekeeperConstraintTemplate', () => {
  test('renders a templates.gatekeeper.sh/v1 template with Rego v1 code (snapshot)', () => {
    const { chart, t } = template();
    t.addConstraint('no-latest', { name: 'no-latest', parameters: { tags: ['latest'] } });
    const [tpl, constraint] = Testing.synth(chart);
    expect(tpl.metadata.name).toBe('k8sdisallowedtags');
    expect(tpl.spec.targets[0].code).toEqual([{ engine: 'Rego', source: { version: 'v1', rego: REGO } }]);
    expect(tpl.spec.crd.spec.validation.openAPIV3Schema).toEqual(SCHEMA);
    expect(constraint).toMatchObject({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sDisallowedTags', spec: { enforcementAction: 'deny', parameters: { tags: ['latest'] } } });
    expect([tpl, constraint]).toMatchSnapshot();
  });

  test('renders CEL code for the K8sNativeValidation engine', () => {
    const { chart } = template({
      code: GatekeeperTemplateCode.cel(
        [{ expression: 'variables.images.all(i, !i.endsWith(":latest"))', message: 'no latest tags', messageExpression: '"bad: " + variables.images.join(", ")' }],
        [{ name: 'images', expression: 'variables.anyObject.spec.containers.map(c, c.image)' }],
      ),
    });
    expect(Testing.synth(chart)[0].spec.targets[0].code).toEqual([{
      engine: 'K8sNativeValidation',
      source: {
        variables: [{ name: 'images', expression: 'variables.anyObject.spec.containers.map(c, c.image)' }],
        validations: [{ expression: 'variables.images.all(i, !i.endsWith(":latest"))', message: 'no latest tags', messageExpression: '"bad: " + variables.images.join(", ")' }],
      },
    }]);
  });

  test('defaults to CREATE and UPDATE and to a parameterless object schema', () => {
    const { chart } = template({ parameters: undefined });
    const tpl = Testing.synth(chart)[0];
    expect(tpl.spec.targets[0].operations).toEqual(['CREATE', 'UPDATE']);
    expect(tpl.spec.crd.spec.validation.openAPIV3Schema).toEqual({ type: 'object' });
  });

  test('accepts Kubernetes CEL optional syntax', () => {
    expect(() => template({ code: GatekeeperTemplateCode.cel([{ expression: 'variables.anyObject.spec.?hostNetwork.orValue(false) == false', message: 'm' }]) })).not.toThrow();
  });

  test('fails when the Rego package does not match the template name', () => {
    fails({ code: GatekeeperTemplateCode.rego(REGO.replace('package k8sdisallowedtags', 'package tags')) },
      "Rego package 'tags' does not match the template name; use 'package k8sdisallowedtags'");
  });

  test('fails on Rego v0 syntax', () => {
    fails({ code: GatekeeperTemplateCode.rego('package k8sdisallowedtags\n\nviolation[{"msg": msg}] {\n  msg := "x"\n}\n') },
      "uses Rego v0 syntax 'violation[...] {'; Rego v1 needs 'violation contains {\"msg\": msg} if {'");
  });

  test('fails without a violation rule', () => {
    fails({ code: GatekeeperTemplateCode.rego('package k8sdisallowedtags\n\ndeny contains msg if { msg := "x" }\n') },
      "defines no 'violation' rule; add 'violation contains {\"msg\": msg} if { ... }'");
  });

  test('fails on unbalanced brackets, naming the line', () => {
    fails({ code: GatekeeperTemplateCode.rego(REGO.replace('[container.name, tag])', '[container.name, tag]')) }, "has an unmatched '}' on line 8");
  });

  test('fails when Rego does not start with its package', () => {
    fails({ code: GatekeeperTemplateCode.rego('import rego.v1\npackage k8sdisallowedtags\n') }, "Rego must start with 'package k8sdisallowedtags'");
  });

  test('fails on a library outside package lib', () => {
    fails({ code: GatekeeperTemplateCode.rego(REGO, { libs: ['package helpers\n\nok if true\n'] }) },
      "libs[0] must start with 'package lib.<name>' (Gatekeeper imports libraries from data.lib)");
  });

  test('fails on a CEL syntax error, with its position', () => {
    fails({ code: GatekeeperTemplateCode.cel([{ expression: 'variables.anyObject.spec.containers.all(c, c.image ==)', message: 'm' }]) },
      "validations[0].expression 'variables.anyObject.spec.containers.all(c, c.image ==)' is not valid CEL: parsing stops at line 1, column 36 (found . but expecting end of input)");
  });

  test('fails on a CEL variable read before it is declared', () => {
    fails({ code: GatekeeperTemplateCode.cel([{ expression: 'size(variables.images) > 0', message: 'm' }]) },
      'validations[0].expression reads variables.images, which is not declared before it');
  });

  test('fails on an empty CEL message', () => {
    fails({ code: GatekeeperTemplateCode.cel([{ expression: 'true', message: '' }]) }, 'validations[0] has an empty message; say what is required');
  });

  test('fails on a parameters schema that is not structural', () => {
    fails({ parameters: { type: 'object', properties: { tags: { items: { type: 'string' } } } } },
      'parameters.tags has type undefined; a structural schema gives every node a type (object, array, string, integer, number, boolean)');
  });

  test('fails on a kind that is not a Kind name', () => {
    fails({ kind: 'k8s-disallowed-tags' }, "kind 'k8s-disallowed-tags' is not a Kind name; use PascalCase letters and digits (at most 63), e.g. 'K8sRequiredLabels'");
  });

  test('regoError accepts a v1 module with comments and raw strings', () => {
    expect(regoError('# header\npackage p\n\nviolation contains {"msg": `a } b`} if {\n\ttrue # }\n}\n', 'p')).toBeUndefined();
  });
});

describe('GatekeeperConstraint', () => {
  test('fails on parameters of the wrong type', () => {
    const { t } = template();
    expect(() => t.addConstraint('c', { parameters: { tags: 'latest' } }))
      .toThrow("GatekeeperConstraint 'test/tpl/c': parameters.tags must be of type array, got 'latest'");
  });

  test('fails on parameters the schema does not declare (the API server would prune them)', () => {
    const { t } = template();
    expect(() => t.addConstraint('c', { parameters: { tag: ['latest'] } }))
      .toThrow("GatekeeperConstraint 'test/tpl/c': parameters.tag is not in the template's parameters schema (the API server would prune it silently)");
  });

  test('sets the enforcement action, kinds and namespaces', () => {
    const { chart, t } = template();
    t.addConstraint('c', {
      enforcementAction: GatekeeperEnforcementAction.WARN, kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }], excludedNamespaces: ['kube-system'], namespaces: ['apps'],
    });
    expect(Testing.synth(chart)[1].spec).toEqual({
      enforcementAction: 'warn',
      match: {
        kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }],
        excludedNamespaces: ['kube-system'],
        namespaces: ['apps'],
        namespaceSelector: { matchExpressions: [{ key: 'cdk8s-hardened.io/policy-exempt', operator: 'DoesNotExist' }] },
      },
    });
  });

  test('fails on an exemption whose expiry has passed', () => {
    const { t } = template();
    expect(() => t.addConstraint('c', { exemptions: [{ id: 'old', reason: 'a reason long enough', expires: '2020-01-01', namespaces: ['x'] }] }))
      .toThrow("GatekeeperConstraint 'test/tpl/c': exception \"old\" expired on 2020-01-01; renew it with a new reason and a future 'expires' date, or remove it");
  });

  test('fails on an exemption that names rules', () => {
    const { t } = template();
    expect(() => t.addConstraint('c', { exemptions: [{ id: 'x', reason: 'a reason long enough', expires: '2099-01-01', namespaces: ['x'], rules: ['r'] }] }))
      .toThrow("GatekeeperConstraint 'test/tpl/c': exemption 'x' names rules; omit them, an exemption of a constraint covers the constraint");
  });

  test('splits the constraint when an exemption needs several match blocks, keeping the first as Resource', () => {
    const { chart, t } = template();
    const c = t.addConstraint('c', { name: 'no-latest', exemptions: [{ id: 'x', reason: 'a reason long enough', expires: '2099-01-01', namespaces: ['ci'], matchLabels: { tier: 'test' } }] });
    expect(c.apiObjects).toHaveLength(2);
    expect(c.node.findChild('Resource')).toBe(c.apiObject);
    expect(Testing.synth(chart).slice(1).map((o) => o.metadata.name)).toEqual(['no-latest', 'no-latest-2']);
  });
});

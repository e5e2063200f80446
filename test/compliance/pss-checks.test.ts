import { CheckStatus, Framework } from '../../src/compliance/check';
import { EvaluationContext } from '../../src/compliance/context';
import * as pss from '../../src/compliance/pss';
import { PSS_CHECK_IDS } from '../../src/compliance/pss';
import { PodSecurityLevel } from '../../src/compliance/pss/level';
import { PSS_CHECKS, pssCheckId, pssCheckIds } from '../../src/compliance/pss-checks';

const ctx = (version = 'latest') => new EvaluationContext([], { pssVersion: version, now: new Date('2026-01-01T00:00:00Z') });
const check = (id: string) => {
  const c = PSS_CHECKS.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

const restrictedPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'ok' },
  spec: {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  },
};
const deployment = (podSpec: any) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'prod' },
  spec: { template: { metadata: {}, spec: podSpec } },
});

describe('PSS check ids', () => {
  test('name the level and the upstream check in kebab-case', () => {
    expect(pssCheckId(PodSecurityLevel.BASELINE, 'hostNamespaces')).toBe('pss-baseline-host-namespaces');
    expect(pssCheckId(PodSecurityLevel.RESTRICTED, 'runAsNonRoot')).toBe('pss-restricted-run-as-non-root');
    expect(pssCheckId(PodSecurityLevel.RESTRICTED, 'capabilities_restricted')).toBe('pss-restricted-capabilities-restricted');
    expect(pssCheckId(PodSecurityLevel.BASELINE, 'seLinuxOptions')).toBe('pss-baseline-selinux-options');
    expect(pssCheckId(PodSecurityLevel.BASELINE, 'appArmorProfile')).toBe('pss-baseline-apparmor-profile');
  });

  test('cover every upstream check id of each level exactly once', () => {
    expect(pssCheckIds(PodSecurityLevel.BASELINE)).toEqual(PSS_CHECK_IDS.baseline.map((id) => pssCheckId(PodSecurityLevel.BASELINE, id)));
    expect(pssCheckIds(PodSecurityLevel.RESTRICTED)).toEqual(PSS_CHECK_IDS.restricted.map((id) => pssCheckId(PodSecurityLevel.RESTRICTED, id)));
    const ids = PSS_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(PSS_CHECK_IDS.baseline.length + PSS_CHECK_IDS.restricted.length);
  });

  test('map to the PSS framework and CIS 5.2 controls', () => {
    expect(check('pss-restricted-allow-privilege-escalation').controls).toEqual(expect.arrayContaining([
      { framework: Framework.PSS, id: 'restricted/allowPrivilegeEscalation' },
      { framework: Framework.CIS, id: '5.2.6' },
      { framework: Framework.CIS, id: '1.12:5.2.6' },
    ]));
    expect(check('pss-baseline-host-ports').controls).toEqual(expect.arrayContaining([
      { framework: Framework.CIS, id: '5.2.13' }, { framework: Framework.CIS, id: '1.12:5.2.12' },
    ]));
  });
});

describe('PSS checks', () => {
  test('pass a restricted pod at every level', () => {
    for (const c of PSS_CHECKS) expect([CheckStatus.PASS, CheckStatus.NOT_APPLICABLE]).toContain(c.evaluate(restrictedPod, ctx()).status);
  });

  test('fails when allowPrivilegeEscalation is not false, with upstream reason, detail and location in the template', () => {
    const d = deployment({ containers: [{ name: 'app', image: 'app' }] });
    const outcome = check('pss-restricted-allow-privilege-escalation').evaluate(d, ctx());
    expect(outcome).toEqual({
      status: CheckStatus.FAIL,
      reason: 'allowPrivilegeEscalation != false',
      detail: 'container "app" must set securityContext.allowPrivilegeEscalation=false',
      location: expect.stringMatching(/^\/spec\/template\/spec\/containers\/0/),
    });
  });

  test('fails a hostNetwork pod at baseline and at restricted', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostNetwork: true, containers: [{ name: 'a', image: 'a' }] } };
    expect(check('pss-baseline-host-namespaces').evaluate(pod, ctx()).status).toBe(CheckStatus.FAIL);
    expect(check('pss-restricted-host-namespaces').evaluate(pod, ctx()).status).toBe(CheckStatus.FAIL);
    expect(check('pss-baseline-privileged').evaluate(pod, ctx()).status).toBe(CheckStatus.PASS);
  });

  test('is not applicable when the check is not in force at the version', () => {
    const pod = { ...restrictedPod, spec: { ...restrictedPod.spec, securityContext: { runAsNonRoot: true, runAsUser: 0 } } };
    expect(check('pss-restricted-run-as-user').evaluate(pod, ctx('v1.22'))).toEqual({
      status: CheckStatus.NOT_APPLICABLE, reason: 'runAsUser is not part of restricted:v1.22',
    });
    expect(check('pss-restricted-run-as-user').evaluate(pod, ctx('v1.23')).status).toBe(CheckStatus.FAIL);
  });

  test('is not applicable to objects that carry no pod', () => {
    expect(check('pss-baseline-privileged').evaluate({ apiVersion: 'v1', kind: 'Service' }, ctx()).status).toBe(CheckStatus.NOT_APPLICABLE);
  });

  test('fails with an error on an invalid version instead of throwing', () => {
    expect(check('pss-baseline-privileged').evaluate(restrictedPod, ctx('1.28'))).toEqual({
      status: CheckStatus.ERROR, reason: 'invalid Pod Security Standards version "1.28"',
    });
  });

  test('evaluates each object once per level and version', () => {
    const spy = jest.spyOn(pss, 'evaluateObjectPodSecurity');
    const pod = JSON.parse(JSON.stringify(restrictedPod));
    const c = ctx();
    for (const k of PSS_CHECKS) k.evaluate(pod, c);
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });
});

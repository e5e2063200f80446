import { Chart, Testing } from 'cdk8s';
import { KyvernoPolicyException, KyvernoPolicyExceptionProps } from '../../../src/policy/kyverno/policy-exception';
import { EXCEPTION_EXPIRES_ANNOTATION, EXCEPTION_ID_ANNOTATION, EXCEPTION_REASON_ANNOTATION } from '../../../src/policy/model';

const PROPS: KyvernoPolicyExceptionProps = {
  name: 'batch-root',
  policies: [{ policyName: 'require-run-as-nonroot', ruleNames: ['run-as-non-root'] }],
  reason: 'legacy batch image runs as root until BATCH-12 ships',
  expires: '2099-12-31',
  namespaces: ['batch'],
};

function synth(props: Partial<KyvernoPolicyExceptionProps> = {}): any {
  const chart = new Chart(Testing.app(), 'test');
  new KyvernoPolicyException(chart, 'ex', { ...PROPS, ...props });
  return Testing.synth(chart)[0];
}

describe('KyvernoPolicyException', () => {
  test('renders a kyverno.io/v2 PolicyException (snapshot)', () => {
    expect(synth()).toMatchSnapshot();
  });

  test('names the rule and its autogen-, autogen-cronjob- variants so controllers are exempted too', () => {
    expect(synth().spec.exceptions).toEqual([{
      policyName: 'require-run-as-nonroot',
      ruleNames: ['run-as-non-root', 'autogen-run-as-non-root', 'autogen-cronjob-run-as-non-root'],
    }]);
  });

  test('names only the rule when autogen is off', () => {
    expect(synth({ policies: [{ policyName: 'p', ruleNames: ['r'], autogen: false }] }).spec.exceptions[0].ruleNames).toEqual(['r']);
  });

  test('records the id, reason and expiry as annotations', () => {
    expect(synth().metadata.annotations).toEqual({
      [EXCEPTION_ID_ANNOTATION]: 'batch-root',
      [EXCEPTION_REASON_ANNOTATION]: 'legacy batch image runs as root until BATCH-12 ships',
      [EXCEPTION_EXPIRES_ANNOTATION]: '2099-12-31',
    });
  });

  test('defaults to the kyverno namespace and to Pods and every pod controller', () => {
    const ex = synth();
    expect(ex.metadata.namespace).toBe('kyverno');
    expect(ex.spec.match.any[0].resources.kinds).toEqual(['Pod', 'ReplicationController', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
  });

  test('matches labelled resources with a selector, within the namespaces', () => {
    expect(synth({ matchLabels: { app: 'legacy' } }).spec.match.any[0].resources).toMatchObject({ namespaces: ['batch'], selector: { matchLabels: { app: 'legacy' } } });
  });

  test('fails when the expiry date has passed', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new KyvernoPolicyException(chart, 'ex', { ...PROPS, expires: '2020-01-31' }))
      .toThrow("KyvernoPolicyException 'test/ex': exception \"batch-root\" expired on 2020-01-31; renew it with a new reason and a future 'expires' date, or remove it");
  });

  test('fails with a reason shorter than 10 characters', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new KyvernoPolicyException(chart, 'ex', { ...PROPS, reason: 'legacy' }))
      .toThrow("KyvernoPolicyException 'test/ex': exception \"batch-root\" has reason \"legacy\"; give a reason of at least 10 characters (why, and who owns it)");
  });

  test('fails with an expiry that is not a date', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new KyvernoPolicyException(chart, 'ex', { ...PROPS, expires: '31/12/2099' }))
      .toThrow("KyvernoPolicyException 'test/ex': exception \"batch-root\" has expires \"31/12/2099\", which is not a date; use 'YYYY-MM-DD', e.g. '2026-06-30'");
  });

  test('fails when it names neither namespaces nor labels', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new KyvernoPolicyException(chart, 'ex', { ...PROPS, namespaces: undefined }))
      .toThrow("KyvernoPolicyException 'test/ex': exception \"batch-root\" names neither namespaces nor matchLabels, so it would exempt everything; set namespaces and/or matchLabels");
  });

  test('fails when it lists no rule of a policy', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new KyvernoPolicyException(chart, 'ex', { ...PROPS, policies: [{ policyName: 'p', ruleNames: [] }] }))
      .toThrow("KyvernoPolicyException 'test/ex': lists no rule of policy 'p'; name the rules to exempt (an exception must say what it excuses)");
  });

  test('fails when it exempts no policy', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new KyvernoPolicyException(chart, 'ex', { ...PROPS, policies: [] }))
      .toThrow("KyvernoPolicyException 'test/ex': exempts no policy; list the policies and rule names in `policies`");
  });

  test('exposes the listed rule names per policy', () => {
    const chart = new Chart(Testing.app(), 'test');
    const ex = new KyvernoPolicyException(chart, 'ex', PROPS);
    expect(ex.policyNames).toEqual(['require-run-as-nonroot']);
    expect(ex.ruleNamesOf('require-run-as-nonroot')).toHaveLength(3);
    expect(ex.ruleNamesOf('other')).toEqual([]);
  });
});

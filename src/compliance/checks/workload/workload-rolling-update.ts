/**
 * workload-rolling-update: controllers replace pods by rolling update, keeping some serving.
 *
 * Restricted: Deployment spec.strategy, StatefulSet and DaemonSet spec.updateStrategy. Allowed:
 * type RollingUpdate (also the API default when unset); for a Deployment, a maxUnavailable that
 * keeps at least one pod (not `100%`, and below spec.replicas when that is set). `Recreate` stops
 * every pod before starting the new ones; `OnDelete` leaves old, possibly vulnerable pods running
 * until someone deletes them.
 */
import { ICheck, Severity } from '../../check';
import { kubeLinter, kubeScore } from '../../peers/catalog';
import { fail, isObject, isOutcome, pass, podOf, soc2 } from '../support';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

export const workloadRollingUpdate: ICheck = {
  id: 'workload-rolling-update',
  title: 'Deployments, StatefulSets and DaemonSets update by RollingUpdate without taking every pod down',
  description: 'The update strategy is RollingUpdate (Deployment strategy, StatefulSet and DaemonSet updateStrategy), '
    + 'and a Deployment\'s maxUnavailable leaves at least one pod serving during a rollout.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2', 'CC8.1')],
  kinds: KINDS,
  peers: [kubeScore('deployment-strategy'), kubeLinter('no-rolling-update-strategy')],
  evaluate: (object) => {
    const pod = podOf(object, KINDS);
    if (isOutcome(pod)) return pod;
    const spec = isObject(object.spec) ? object.spec : {};
    const field = object.kind === 'Deployment' ? 'strategy' : 'updateStrategy';
    const strategy = isObject(spec[field]) ? spec[field] : {};
    const type = strategy.type ?? 'RollingUpdate';
    if (type !== 'RollingUpdate') {
      return fail('not a rolling update', `spec.${field}.type=${JSON.stringify(type)}; use RollingUpdate`, `/spec/${field}/type`);
    }
    if (object.kind !== 'Deployment') return pass();
    const rolling = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    const max = rolling.maxUnavailable;
    const replicas = Number.isInteger(spec.replicas) ? spec.replicas : undefined;
    const all = max === '100%' || (typeof max === 'number' && replicas !== undefined && max >= replicas && replicas > 0);
    if (!all) return pass();
    return fail('rollout takes every pod down', `spec.strategy.rollingUpdate.maxUnavailable=${JSON.stringify(max)} with ${replicas ?? 'unset'} replicas; `
      + 'keep at least one pod serving (e.g. maxUnavailable: 0 with maxSurge: 25%)', '/spec/strategy/rollingUpdate/maxUnavailable');
  },
};

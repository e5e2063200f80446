/**
 * hpa-target-no-fixed-replicas: a workload an autoscaler scales leaves spec.replicas unset.
 *
 * Restricted: spec.replicas of Deployments, StatefulSets, ReplicaSets and ReplicationControllers
 * that a HorizontalPodAutoscaler of the set targets (same namespace, kind and name). Allowed: unset.
 * Every apply of a manifest with a fixed replica count resets the scale the autoscaler chose: a
 * deploy during a traffic peak scales the workload down to the written number.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { autoscalersOf } from '../../references';
import { errorOutcome, fail, isObject, notApplicable, pass, peer, soc2 } from '../support';

const SCALABLE = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

export const hpaTargetNoFixedReplicas: ICheck = {
  id: 'hpa-target-no-fixed-replicas',
  title: 'Workloads scaled by a HorizontalPodAutoscaler leave spec.replicas unset',
  description: 'A fixed spec.replicas on an autoscaled workload resets the autoscaler\'s choice on every apply: a '
    + 'deploy at peak load scales it back down.',
  severity: Severity.WARNING,
  peers: [peer(PeerTool.KUBE_SCORE, 'deployment-targeted-by-hpa-does-not-have-replicas-configured')],
  controls: [...soc2('CC9.1')],
  kinds: SCALABLE,
  evaluate: (object, context) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const hpas = autoscalersOf(object, context);
    if (hpas.length === 0) return notApplicable('no HorizontalPodAutoscaler targets it');
    const replicas = isObject(object.spec) ? object.spec.replicas : undefined;
    if (replicas === undefined || replicas === null) return pass();
    return fail('fixed replicas', `spec.replicas is ${JSON.stringify(replicas)} and HorizontalPodAutoscaler ${JSON.stringify(hpas[0].metadata.name)} `
      + 'scales it; remove spec.replicas', '/spec/replicas');
  },
};

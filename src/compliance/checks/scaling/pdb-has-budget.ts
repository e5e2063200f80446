/**
 * pdb-has-budget: PodDisruptionBudgets state a budget.
 *
 * Restricted: PodDisruptionBudget.spec.minAvailable and spec.maxUnavailable. Required: exactly one
 * of them (the API server refuses both). With neither, the manifest does not say how many pods
 * may be evicted at once: what the cluster enforces then comes from API defaulting, not from the
 * author, and the budget protects nothing the reader can see. State the budget.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { errorOutcome, fail, isObject, isSet, pass, peer, soc2 } from '../support';

export const pdbHasBudget: ICheck = {
  id: 'pdb-has-budget',
  title: 'PodDisruptionBudgets set minAvailable or maxUnavailable',
  description: 'A PodDisruptionBudget with neither minAvailable nor maxUnavailable states no budget; set the one '
    + 'that says how many pods may be evicted at once.',
  severity: Severity.WARNING,
  peers: [peer(PeerTool.KUBE_SCORE, 'poddisruptionbudget-has-policy')],
  controls: [...soc2('CC9.1')],
  kinds: ['PodDisruptionBudget'],
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const spec = isObject(object.spec) ? object.spec : {};
    if (isSet(spec.minAvailable) && isSet(spec.maxUnavailable)) {
      return fail('both budgets set', 'spec sets both minAvailable and maxUnavailable (the API server refuses it); keep one', '/spec');
    }
    if (isSet(spec.minAvailable) || isSet(spec.maxUnavailable)) return pass();
    return fail('no budget', 'spec sets neither minAvailable nor maxUnavailable; set maxUnavailable: 1 (or a minAvailable below the replicas)', '/spec');
  },
};

/**
 * api-version-removed: no object uses an apiVersion the target Kubernetes release no longer serves.
 *
 * Restricted: apiVersion and kind of every object, against the retired API versions of the
 * Kubernetes deprecation guide (`api-versions.ts`, as data) and the target Kubernetes version (engine
 * option `kubernetesVersion`, CLI `--kubernetes-version`, default 1.28). Refused: a group/version/kind
 * whose `removedIn` is at or before the target: the API server answers 404 and the apply fails (or,
 * worse, a tool silently skips the object). The detail names the replacement and what changes.
 */
import { DEFAULT_KUBERNETES_VERSION, kubernetesMinor, retiredApi, RetiredApi } from '../../api-versions';
import { CheckOutcome, ICheck, PeerTool, Severity } from '../../check';
import { errorOutcome, fail, isObject, notApplicable, pass, pci, peer, soc2 } from '../support';

/** How to migrate off a retired entry, for the failure detail. */
export function migration(api: RetiredApi): string {
  const to = api.replacement ? `use ${api.replacement} (served since 1.${api.replacementSince})` : 'it has no replacement API';
  return api.note ? `${to}; ${api.note}` : to;
}

/** The object's retired entry and the target minor, or an outcome when the check does not apply. */
export function judgedApi(object: unknown, version: string | undefined): { api: RetiredApi; minor: number } | CheckOutcome {
  if (!isObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return errorOutcome('object has no apiVersion or kind');
  const target = version ?? DEFAULT_KUBERNETES_VERSION;
  const minor = targetMinor(target);
  if (minor === undefined) return errorOutcome(`invalid target Kubernetes version ${JSON.stringify(target)}; use '1.N'`);
  const api = retiredApi(object.apiVersion, object.kind);
  if (!api) return notRetired(object.apiVersion, object.kind);
  return { api, minor };
}

/** The target minor of the last version asked (every object of an evaluation asks with the same one). */
let lastTarget: { readonly version: string; readonly minor: number | undefined } | undefined;

function targetMinor(version: string): number | undefined {
  if (lastTarget === undefined || lastTarget.version !== version) lastTarget = { version, minor: kubernetesMinor(version) };
  return lastTarget.minor;
}

/**
 * The outcome for a group/version/kind that is not retired, one frozen outcome per apiVersion and
 * kind (nearly every object of a set gets it, from both API-version checks), for the kinds of one set at a time.
 */
const notRetiredOutcomes = new Map<string, Map<string, CheckOutcome>>();
const NOT_RETIRED_LIMIT = 1000;

function notRetired(apiVersion: string, kind: string): CheckOutcome {
  let byKind = notRetiredOutcomes.get(apiVersion);
  if (!byKind) {
    if (notRetiredOutcomes.size >= NOT_RETIRED_LIMIT) notRetiredOutcomes.clear();
    notRetiredOutcomes.set(apiVersion, byKind = new Map());
  }
  let outcome = byKind.get(kind);
  if (!outcome) {
    if (byKind.size >= NOT_RETIRED_LIMIT) byKind.clear();
    byKind.set(kind, outcome = Object.freeze(notApplicable(`${apiVersion} ${kind} is not a retired API version`)));
  }
  return outcome;
}

export const apiVersionRemoved: ICheck = {
  id: 'api-version-removed',
  title: 'Objects use only apiVersions the target Kubernetes release serves',
  description: 'An apiVersion removed at or before the target Kubernetes release is refused by the API server: the '
    + 'apply fails. Migrate to the replacement the deprecation guide names.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.KUBE_SCORE, 'stable-version', 'kube-score flags its own list of old versions regardless of the target release'),
    peer(PeerTool.KUBE_LINTER, 'no-extensions-v1beta'),
  ],
  controls: [...soc2('CC8.1'), ...pci('6.3.3', '12.3.4')],
  kinds: ['*'],
  evaluate: (object, context) => {
    const judged = judgedApi(object, context.kubernetesVersion);
    if (!('api' in judged)) return judged;
    const { api, minor } = judged;
    if (minor < api.removedIn) return pass(`served until 1.${api.removedIn - 1}`);
    return fail('apiVersion removed', `${api.apiVersion} ${api.kind} is not served since Kubernetes 1.${api.removedIn} (target 1.${minor}); ${migration(api)}`, '/apiVersion');
  },
};

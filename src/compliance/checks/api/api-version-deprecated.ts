/**
 * api-version-deprecated: no object uses an apiVersion deprecated at the target Kubernetes release.
 *
 * Restricted: apiVersion and kind of every object, against the retired API versions of the
 * Kubernetes deprecation guide (`api-versions.ts`) and the target Kubernetes version (default 1.28).
 * Refused: a group/version/kind deprecated at or before the target and still served there
 * (`deprecatedIn <= target < removedIn`): it applies with a warning today and fails after the upgrade
 * that removes it. Removed versions are api-version-removed.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { fail, notApplicable, pass, pci, peer, soc2 } from '../support';
import { judgedApi, migration } from './api-version-removed';

export const apiVersionDeprecated: ICheck = {
  id: 'api-version-deprecated',
  title: 'Objects use no apiVersion deprecated at the target Kubernetes release',
  description: 'A deprecated apiVersion still applies, with a warning, until the release that removes it; migrate '
    + 'before that upgrade.',
  severity: Severity.WARNING,
  peers: [peer(PeerTool.KUBE_SCORE, 'stable-version', 'kube-score flags its own list of old versions regardless of the target release')],
  controls: [...soc2('CC8.1'), ...pci('12.3.4')],
  kinds: ['*'],
  evaluate: (object, context) => {
    const judged = judgedApi(object, context.kubernetesVersion);
    if (!('api' in judged)) return judged;
    const { api, minor } = judged;
    if (minor >= api.removedIn) return notApplicable(`removed at 1.${api.removedIn}: api-version-removed judges it`);
    if (minor < api.deprecatedIn) return pass(`deprecated only from 1.${api.deprecatedIn}`);
    return fail('apiVersion deprecated', `${api.apiVersion} ${api.kind} is deprecated since Kubernetes 1.${api.deprecatedIn} and removed in 1.${api.removedIn} `
      + `(target 1.${minor}); ${migration(api)}`, '/apiVersion');
  },
};

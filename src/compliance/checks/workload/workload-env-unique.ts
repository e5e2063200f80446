/**
 * workload-env-unique: no container defines an environment variable twice.
 *
 * Restricted: the names of env[*] of every container. Forbidden: a name that appears twice in one
 * container's env list. Kubernetes keeps the last one silently, so a reviewed value (a feature flag,
 * a TLS setting) can be overridden further down the list without anyone noticing.
 */
import { ICheck, Severity } from '../../check';
import { kubeLinter, kubeScore } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isOutcome, namedEnv, pass, podOf, soc2 } from '../support';

export const workloadEnvUnique: ICheck = {
  id: 'workload-env-unique',
  title: 'Containers define each environment variable once',
  description: 'No container lists the same env name twice (the last one wins silently and can override a reviewed value).',
  severity: Severity.WARNING,
  controls: [...soc2('CC8.1')],
  kinds: [...POD_BEARING_KINDS],
  peers: [kubeScore('environment-variable-key-duplication'), kubeLinter('duplicate-env-var')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const bad: string[] = [];
    let location: string | undefined;
    for (const c of pod.containers) {
      const seen = new Set<string>();
      const dupes = new Set<string>();
      for (const e of namedEnv(c)) {
        if (seen.has(e.name)) {
          dupes.add(e.name);
          location ??= e.pointer;
        }
        seen.add(e.name);
      }
      if (dupes.size > 0) bad.push(`container ${JSON.stringify(c.name)} defines ${[...dupes].map((d) => JSON.stringify(d)).join(', ')} more than once`);
    }
    if (bad.length === 0) return pass();
    return fail('duplicate environment variable', `${bad.join('; ')}; keep one definition of each`, location);
  },
};

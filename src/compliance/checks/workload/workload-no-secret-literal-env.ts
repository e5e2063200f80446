/**
 * workload-no-secret-literal-env: no credential is written into an environment variable's value.
 *
 * Restricted: env[*].value of every regular, init and ephemeral container. Forbidden: a non-empty
 * literal value of a variable whose name says it holds a credential (`*PASSWORD*`, `*TOKEN*`,
 * `*SECRET*`, `*API_KEY*`, `*PRIVATE_KEY*`, `*ACCESS_KEY*`, `*CREDENTIAL*`, ...; names ending in
 * `_FILE`, `_PATH`, `_NAME`, `_URL`... point to a credential and are allowed), and any value in a
 * credential format (AWS, Google, Azure, GitHub and Slack keys, PEM private keys, passwords in
 * URLs). A literal is stored in plain text wherever the manifest goes: Git, CI logs, the API server,
 * `kubectl get -o yaml`. workload-no-secret-env judges the other way in: Secrets referenced by env.
 */
import { literalSecret } from '../../../private/secret-patterns';
import { ICheck, Severity } from '../../check';
import { kubeLinter, polaris } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, hipaa, isOutcome, namedEnv, pass, pci, podOf, soc2 } from '../support';

export const workloadNoSecretLiteralEnv: ICheck = {
  id: 'workload-no-secret-literal-env',
  title: 'Environment variables hold no literal credentials',
  description: 'No container sets a literal env value that is a credential (by its variable name or by a recognizable key '
    + 'format): credentials come from a Secret mounted as a file, never from the manifest.',
  severity: Severity.ERROR,
  controls: [...soc2('CC6.1', 'CC6.7'), ...pci('8.3.2', '8.6.2'), ...hipaa('164.312(a)(1)', '164.312(e)(1)')],
  kinds: [...POD_BEARING_KINDS],
  peers: [kubeLinter('env-var-secret'), polaris('sensitiveContainerEnvVar')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const bad: string[] = [];
    let location: string | undefined;
    for (const c of pod.containers) {
      for (const e of namedEnv(c)) {
        const why = literalSecret(e.name, e.entry.value);
        if (!why) continue;
        bad.push(`container ${JSON.stringify(c.name)} env ${JSON.stringify(e.name)} has a literal value (${why})`);
        location ??= `${e.pointer}/value`;
      }
    }
    if (bad.length === 0) return pass();
    return fail('credential in an environment variable', `${bad.join('; ')}; store it in a Secret and mount it as a read-only file`, location);
  },
};

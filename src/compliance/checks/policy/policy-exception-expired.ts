/**
 * policy-exception-expired: no admission exception is past its expiry date.
 *
 * Restricted: the annotation `cdk8s-hardened.io/expires` on any object that carries admission
 * exceptions (Kyverno PolicyException, or a ValidatingAdmissionPolicy, Kyverno ValidatingPolicy or
 * Gatekeeper constraint with exceptions rendered into it by PolicyPack). Allowed: a calendar date
 * `YYYY-MM-DD` not yet past (the exception holds through that day, UTC). An exception is a
 * time-limited, documented weakening: once expired it must be renewed with a reason or removed.
 */
import { EXCEPTION_EXPIRES_ANNOTATION, EXCEPTION_ID_ANNOTATION } from '../../../policy/model';
import { CheckStatus, ICheck, Severity } from '../../check';
import { expiryInstant } from '../../suppressions';
import { errorOutcome, fail, hipaa, isObject, pass, pci, soc2 } from '../support';

const LOCATION = `/metadata/annotations/${EXCEPTION_EXPIRES_ANNOTATION.replace(/~/g, '~0').replace(/\//g, '~1')}`;

export const policyExceptionExpired: ICheck = {
  id: 'policy-exception-expired',
  title: 'Admission policy exceptions have not expired',
  description: `An admission exception (annotated \`${EXCEPTION_EXPIRES_ANNOTATION}: YYYY-MM-DD\`) holds through its expiry date. `
    + 'Once that date has passed the exception must be renewed with a new reason and date, or removed: an expired '
    + 'exception is a weakening nobody re-approved.',
  severity: Severity.ERROR,
  controls: [...soc2('CC6.1', 'CC8.1'), ...pci('6.4.1', '12.3.4'), ...hipaa('164.308(a)(1)')],
  kinds: ['*'],
  peers: [],
  evaluate: (object, context) => {
    if (!isObject(object) || !isObject(object.metadata) || !isObject(object.metadata.annotations)) {
      return { status: CheckStatus.NOT_APPLICABLE, reason: 'carries no admission exception' };
    }
    const annotations = object.metadata.annotations;
    const expires = annotations[EXCEPTION_EXPIRES_ANNOTATION];
    if (expires === undefined) return { status: CheckStatus.NOT_APPLICABLE, reason: 'carries no admission exception' };
    const until = expiryInstant(expires);
    if (until === undefined) {
      return errorOutcome(`annotation ${EXCEPTION_EXPIRES_ANNOTATION} is ${JSON.stringify(expires)}, not a date; use 'YYYY-MM-DD'`, LOCATION);
    }
    if (context.now.getTime() < until.getTime()) return pass();
    const ids = typeof annotations[EXCEPTION_ID_ANNOTATION] === 'string' ? ` (${annotations[EXCEPTION_ID_ANNOTATION]})` : '';
    return fail('exception expired', `exception${ids} expired on ${expires}; renew it with a new reason and date, or remove it`, LOCATION);
  },
};

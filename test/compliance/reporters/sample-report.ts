import { CheckStatus, Finding, Framework, Report, Severity } from '../../../src/compliance/check';

/** A finding on a Deployment read from a file. */
export const FAILED: Finding = {
  checkId: 'pss-allow-privilege-escalation',
  title: 'Containers disallow privilege escalation',
  severity: Severity.ERROR,
  status: CheckStatus.FAIL,
  object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'team-a', file: 'dist/app one.k8s.yaml', index: 2, line: 14 },
  reason: 'allowPrivilegeEscalation != false',
  detail: 'container "app" must set securityContext.allowPrivilegeEscalation=false',
  location: '/spec/template/spec/containers/0/securityContext',
  controls: [{ framework: Framework.CIS, id: '5.2.6' }, { framework: Framework.SOC2, id: 'CC6.1' }],
};

/** An error finding whose texts carry characters every format must escape. */
export const ERRORED: Finding = {
  checkId: 'rbac-no-wildcards',
  title: 'Roles grant no wildcard <verbs> & resources',
  severity: Severity.WARNING,
  status: CheckStatus.ERROR,
  object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'a|b "c"', file: '-', index: 0, line: 1 },
  reason: 'rules is not a list',
  detail: 'line one\nline two | <script>alert(1)</script> \u0001',
  controls: [{ framework: Framework.CIS, id: '5.1.3' }],
};

/** A suppressed finding. */
export const SUPPRESSED: Finding = {
  checkId: 'pss-allow-privilege-escalation',
  title: 'Containers disallow privilege escalation',
  severity: Severity.ERROR,
  status: CheckStatus.FAIL,
  object: { apiVersion: 'v1', kind: 'Pod', name: 'debug', namespace: 'ops', file: 'dist/app one.k8s.yaml', index: 3 },
  reason: 'allowPrivilegeEscalation != false',
  detail: 'container "dbg" must set securityContext.allowPrivilegeEscalation=false',
  location: '/spec/containers/0/securityContext',
  controls: [{ framework: Framework.CIS, id: '5.2.6' }],
  suppressedReason: 'legacy debugger, removed in Q3 (JIRA-42)',
};

/** A report with one of each kind of finding, a missed scorecard target and a skipped document. */
export function sampleReport(): Report {
  return {
    pack: 'hardened',
    pssVersion: 'latest',
    findings: [FAILED, ERRORED, SUPPRESSED],
    summary: { objects: 4, passed: 20, failed: 1, errors: 1, suppressed: 1, notApplicable: 7 },
    scorecard: [
      {
        id: 'rbac-least-privilege',
        title: 'RBAC least privilege',
        compliant: 3,
        total: 4,
        percent: 75,
        target: 100,
        met: false,
        parts: [{ id: 'rbac-roles', title: 'Roles without least-privilege findings', compliant: 0, total: 1, percent: 0, target: 100, met: false }],
      },
      { id: 'image-signing', title: 'Image signing', compliant: 2, total: 3, percent: 66.66666, target: 50, met: true },
    ],
    skipped: [{ object: { apiVersion: '', kind: '', name: '', file: 'dist/app one.k8s.yaml', index: 5, line: 40 }, reason: 'empty document' }],
  };
}

/** A report with nothing to say. */
export function cleanReport(): Report {
  return {
    pack: 'pss-restricted',
    pssVersion: 'v1.30',
    findings: [],
    summary: { objects: 2, passed: 10, failed: 0, errors: 0, suppressed: 0, notApplicable: 3 },
    scorecard: [{ id: 'network-policy-coverage', title: 'Network policy coverage', compliant: 2, total: 2, percent: 100, target: 100, met: true }],
    skipped: [],
  };
}

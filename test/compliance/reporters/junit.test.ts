import { cleanReport, sampleReport } from './sample-report';
import { Framework, Severity } from '../../../src/compliance/check';
import { attr, junitReport, text } from '../../../src/compliance/reporters/junit';

/** A small well-formedness check: balanced tags, quoted attributes, only the five predefined entities. */
function assertWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  expect(body).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  expect(body).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(body)) !== null) {
    expect(m.index).toBe(consumed); // no unparseable markup
    consumed = tag.lastIndex;
    if (m[5] !== undefined) continue;
    if (m[1] === '/') expect(stack.pop()).toBe(m[2]);
    else if (m[4] !== '/') stack.push(m[2]);
  }
  expect(consumed).toBe(body.length);
  expect(stack).toEqual([]);
}

describe('junitReport', () => {
  const xml = junitReport(sampleReport());

  test('is well-formed XML with totals on testsuites', () => {
    assertWellFormedXml(xml);
    assertWellFormedXml(junitReport(cleanReport()));
    // 2 check suites (3 findings), scorecard (2), skipped documents (1)
    expect(xml).toContain('<testsuites name="cdk8s-hardened hardened" tests="6" failures="2" errors="1" skipped="2">');
  });

  test('has a testsuite per check and a testcase per object with a failure message', () => {
    expect(xml).toContain('<testsuite name="hardened/pss-allow-privilege-escalation" tests="2" failures="1" errors="0" skipped="1">');
    expect(xml).toContain('<testcase classname="hardened.pss-allow-privilege-escalation" name="Deployment team-a/api /spec/template/spec/containers/0/securityContext" file="dist/app one.k8s.yaml" line="14">\n'
      + '      <failure message="allowPrivilegeEscalation != false" type="error">container "app" must set securityContext.allowPrivilegeEscalation=false\n');
  });

  test('reports a check error as <error> and a suppressed finding as <skipped> with its reason', () => {
    expect(xml).toContain('<error message="rules is not a list" type="warning">');
    expect(xml).toContain('<skipped message="suppressed: legacy debugger, removed in Q3 (JIRA-42)"/>');
  });

  test('escapes user text and drops characters XML cannot carry', () => {
    expect(xml).toContain('name="ClusterRole a|b &quot;c&quot;"');
    expect(xml).toContain('line one\nline two | &lt;script&gt;alert(1)&lt;/script&gt; \n');
    expect(text('a\u0001b & <c>')).toBe('ab &amp; &lt;c&gt;');
    expect(attr('"x"\n\'y\'')).toBe('&quot;x&quot;&#10;&apos;y&apos;');
  });

  test('gives checks without findings one passing testcase', () => {
    const out = junitReport(cleanReport(), { rules: [{ id: 'pss-privileged', title: 'Containers are not privileged', severity: Severity.ERROR, controls: [{ framework: Framework.CIS, id: '5.2.1' }] }] });
    expect(out).toContain('<testsuite name="pss-restricted/pss-privileged" tests="1" failures="0" errors="0" skipped="0">');
    expect(out).toContain('<testcase classname="pss-restricted.pss-privileged" name="all objects"/>');
    expect(out).toContain('<property name="controls" value="CIS 5.2.1"/>');
  });

  test('fails a scorecard testcase for each missed target', () => {
    expect(xml).toContain('<testcase classname="hardened.scorecard" name="RBAC least privilege">\n      <failure message="75% (3/4), target 100%" type="scorecard">');
    expect(xml).toContain('<testcase classname="hardened.scorecard" name="Image signing"/>');
  });
});

import { CheckStatus, Framework, PeerTool, Severity } from '../../src/compliance/check';
import { ALL_CHECKS } from '../../src/compliance/checks';
import { PACKS } from '../../src/compliance/packs';
import { renderRulesDoc } from '../../src/compliance/rules-doc';
import { SCORECARD_CHECKS } from '../../src/compliance/scorecard';
import { SUPPRESSION_CHECKS } from '../../src/compliance/suppressions';

describe('RULES.md', () => {
  test('documents every registered check, every engine check and every pack', () => {
    const doc = renderRulesDoc();
    for (const c of [...ALL_CHECKS, ...SCORECARD_CHECKS, ...SUPPRESSION_CHECKS]) expect(doc).toContain(`\n### ${c.id}\n`);
    for (const p of PACKS) expect(doc).toContain(`| \`${p.id}\` |`);
  });

  test('lists a check\'s peer equivalents by tool, with partial notes', () => {
    const doc = renderRulesDoc({
      checks: [{
        id: 'demo-peers',
        title: 'Demo peers hold',
        description: 'Why it matters.',
        severity: Severity.ERROR,
        kinds: ['Pod'],
        controls: [],
        peers: [{ tool: PeerTool.TRIVY, id: 'KSV014' }, { tool: PeerTool.CHECKOV, id: 'CKV_K8S_22' }, { tool: PeerTool.CHECKOV, id: 'CKV_K8S_14', partial: 'a digest | is stricter' }],
        evaluate: () => ({ status: CheckStatus.PASS }),
      }],
      packs: [],
      engineChecks: [],
    });
    expect(doc).toContain(['- Peers (see docs/peers.md):', '  - Checkov: `CKV_K8S_22`, `CKV_K8S_14` (partial: a digest \\| is stricter)', '  - Trivy: `KSV014`'].join('\n'));
  });

  test('is deterministic', () => {
    expect(renderRulesDoc()).toBe(renderRulesDoc());
  });

  test('renders a check with its title, severity, kinds, packs and controls by framework', () => {
    const doc = renderRulesDoc({
      checks: [{
        id: 'demo-check',
        title: 'Demo | holds',
        description: 'Why it matters.',
        severity: Severity.WARNING,
        kinds: ['Pod', 'Deployment'],
        controls: [{ framework: Framework.SOC2, id: 'CC6.1' }, { framework: Framework.CIS, id: '5.2.2' }, { framework: Framework.CIS, id: '1.12:5.2.2' }],
        evaluate: () => ({ status: CheckStatus.PASS }),
      }],
      packs: [{ id: 'demo', title: 'Demo pack', description: 'Only the demo.', checkIds: ['demo-check'] }],
      engineChecks: [],
    });
    expect(doc).toContain('| [`demo-check`](#demo-check) | Demo \\| holds | warning | `demo` |');
    expect(doc).toContain([
      '### demo-check', '', '**Demo \\| holds**', '', 'Why it matters.', '',
      '- Severity: warning', '- Kinds: `Pod`, `Deployment`', '- Packs: `demo`', '- Controls:',
      '  - CIS: `5.2.2`, `1.12:5.2.2`', '  - SOC2: `CC6.1`',
    ].join('\n'));
    expect(doc.startsWith('<!-- Generated from the check registry')).toBe(true);
  });
});

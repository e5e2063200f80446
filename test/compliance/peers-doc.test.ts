import { CheckStatus, ICheck, PeerTool, Severity, Framework } from '../../src/compliance/check';
import { ALL_CHECKS, RBAC_BINDING_CHECKS, RBAC_ROLE_CHECKS } from '../../src/compliance/checks';
import { PEER_CATALOG } from '../../src/compliance/peers';
import { PeerCatalogEntry } from '../../src/compliance/peers/catalog';
import { PeerCoverage, peerCounts, peerCoverage, renderPeersDoc } from '../../src/compliance/peers-doc';
import { SCORECARD_CHECKS } from '../../src/compliance/scorecard';
import { SUPPRESSION_CHECKS } from '../../src/compliance/suppressions';

const EVERY_CHECK = [...ALL_CHECKS, ...SCORECARD_CHECKS, ...SUPPRESSION_CHECKS];
/** The RBAC checks keep their own peer mappings. */
const RBAC_IDS = new Set([...RBAC_ROLE_CHECKS, ...RBAC_BINDING_CHECKS].map((c) => c.id).concat('serviceaccount-no-token-automount'));

function demoCheck(id: string, peers: ICheck['peers']): ICheck {
  return {
    id,
    title: 'Demo check holds',
    description: 'Why it matters.',
    severity: Severity.WARNING,
    kinds: ['Pod'],
    controls: [{ framework: Framework.SOC2, id: 'CC6.1' }],
    peers,
    evaluate: () => ({ status: CheckStatus.PASS }),
  };
}

describe('the peer catalog', () => {
  test('every peer id a check names is in the catalog', () => {
    const known = new Set(PEER_CATALOG.map((e) => `${e.tool} ${e.id}`));
    const unknown = EVERY_CHECK.flatMap((c) => (c.peers ?? []).map((p) => `${p.tool} ${p.id}`).filter((k) => !known.has(k)).map((k) => `${c.id} -> ${k}`));
    expect(unknown).toEqual([]);
  });

  test('every entry is mapped by a check, or says why it is missing or not applicable', () => {
    const unexplained = peerCoverage().filter((r) => r.ours.length === 0 && !r.entry.notApplicable && !r.entry.missing).map((r) => `${r.entry.tool} ${r.entry.id}`);
    expect(unexplained).toEqual([]);
  });

  test('names each peer check once, with a title and at most one kind of reason', () => {
    const keys = PEER_CATALOG.map((e) => `${e.tool} ${e.id}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    for (const e of PEER_CATALOG) {
      expect([e.id, e.title.length > 5, e.notApplicable !== undefined && e.missing !== undefined]).toEqual([e.id, true, false]);
    }
  });

  test('spells ids as each tool does', () => {
    const shape: Record<PeerTool, RegExp> = {
      [PeerTool.KUBE_SCORE]: /^[a-z]+(-[a-z0-9]+)+$/,
      [PeerTool.KUBE_LINTER]: /^[a-z]+(-[a-z0-9]+)+$/,
      [PeerTool.POLARIS]: /^[a-z]+[A-Za-z]+$/,
      [PeerTool.CHECKOV]: /^CKV_K8S_\d+$/,
      [PeerTool.TRIVY]: /^KSV\d{3,5}$/,
    };
    expect(PEER_CATALOG.filter((e) => !shape[e.tool].test(e.id)).map((e) => e.id)).toEqual([]);
  });

  test('every check except the RBAC ones declares its peers (an empty list when there is no equivalent)', () => {
    expect(ALL_CHECKS.filter((c) => !RBAC_IDS.has(c.id) && c.peers === undefined).map((c) => c.id)).toEqual([]);
  });

  test('a check names each peer check once', () => {
    for (const c of EVERY_CHECK) {
      const keys = (c.peers ?? []).map((p) => `${p.tool} ${p.id}`);
      expect([c.id, keys.filter((k, i) => keys.indexOf(k) !== i)]).toEqual([c.id, []]);
    }
  });

  test('the workload checks cover the peers\' read-only root filesystem, pull policy and default ServiceAccount checks', () => {
    const covered = (tool: PeerTool, id: string) => peerCoverage().find((r) => r.entry.tool === tool && r.entry.id === id)!.coverage;
    expect(covered(PeerTool.CHECKOV, 'CKV_K8S_22')).toBe(PeerCoverage.COVERED);
    expect(covered(PeerTool.TRIVY, 'KSV014')).toBe(PeerCoverage.COVERED);
    expect(covered(PeerTool.KUBE_LINTER, 'default-service-account')).toBe(PeerCoverage.COVERED);
    expect(covered(PeerTool.KUBE_SCORE, 'container-image-pull-policy')).toBe(PeerCoverage.COVERED);
    expect(covered(PeerTool.CHECKOV, 'CKV_K8S_1')).toBe(PeerCoverage.NOT_APPLICABLE);
  });
});

describe('docs/peers.md', () => {
  const catalog: PeerCatalogEntry[] = [
    { tool: PeerTool.CHECKOV, id: 'CKV_K8S_22', title: 'Read-only root filesystem' },
    { tool: PeerTool.CHECKOV, id: 'CKV_K8S_14', title: 'Fixed image tag' },
    { tool: PeerTool.CHECKOV, id: 'CKV_K8S_1', title: 'PSP host PID', notApplicable: 'a PodSecurityPolicy' },
    { tool: PeerTool.TRIVY, id: 'KSV109', title: 'Secrets | in ConfigMaps', missing: 'no check yet' },
  ];
  const checks = [
    demoCheck('demo-ro', [{ tool: PeerTool.CHECKOV, id: 'CKV_K8S_22' }]),
    demoCheck('demo-digest', [{ tool: PeerTool.CHECKOV, id: 'CKV_K8S_14', partial: 'a digest is stricter' }]),
  ];

  test('classifies each peer check as covered, partial, missing or not applicable', () => {
    expect(peerCoverage({ checks, catalog }).map((r) => [r.entry.id, r.coverage])).toEqual([
      ['CKV_K8S_22', PeerCoverage.COVERED], ['CKV_K8S_14', PeerCoverage.PARTIAL], ['CKV_K8S_1', PeerCoverage.NOT_APPLICABLE], ['KSV109', PeerCoverage.MISSING],
    ]);
  });

  test('a full mapping wins over a partial one', () => {
    const both = [...checks, demoCheck('demo-tag', [{ tool: PeerTool.CHECKOV, id: 'CKV_K8S_14' }])];
    expect(peerCoverage({ checks: both, catalog })[1].coverage).toBe(PeerCoverage.COVERED);
  });

  test('renders the counts per tool and one row per peer check', () => {
    const doc = renderPeersDoc({ checks, catalog });
    expect(doc.startsWith('<!-- Generated from the peer catalog')).toBe(true);
    expect(doc).toContain('| Checkov | 3 | 1 | 1 | 0 | 1 |');
    expect(doc).toContain('| Trivy | 1 | 0 | 0 | 1 | 0 |');
    expect(doc).toContain('| kube-score | 0 | 0 | 0 | 0 | 0 |');
    expect(doc).toContain('| `CKV_K8S_22` | Read-only root filesystem | covered | [`demo-ro`](../RULES.md#demo-ro) |');
    expect(doc).toContain('| `CKV_K8S_14` | Fixed image tag | partial | [`demo-digest`](../RULES.md#demo-digest) (partial: a digest is stricter) |');
    expect(doc).toContain('| `CKV_K8S_1` | PSP host PID | not applicable | a PodSecurityPolicy |');
    expect(doc).toContain('| `KSV109` | Secrets \\| in ConfigMaps | missing | no check yet |');
  });

  test('counts add up to the catalog, tool by tool', () => {
    for (const c of peerCounts()) {
      expect(c.covered + c.partial + c.missing + c['not applicable']).toBe(c.total);
      expect(c.total).toBe(PEER_CATALOG.filter((e) => e.tool === c.tool).length);
    }
  });

  test('is deterministic and lists every catalog entry', () => {
    const doc = renderPeersDoc();
    expect(doc).toBe(renderPeersDoc());
    for (const e of PEER_CATALOG) expect(doc).toContain(`| \`${e.id}\` |`);
  });
});

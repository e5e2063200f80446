import { isCidr, labelProblem, renderPeer } from '../../src/workloads/network-rules';

describe('network rules', () => {
  test('recognizes IPv4 and IPv6 CIDR blocks', () => {
    expect(['10.0.0.0/8', '0.0.0.0/0', '192.168.1.0/24', 'fd00::/8'].every(isCidr)).toBe(true);
    expect(['10.0.0.0', '256.0.0.0/8', '10.0.0.0/33', 'abc/8'].some(isCidr)).toBe(false);
  });

  test('renders namespace, pod and combined peers', () => {
    expect(renderPeer({ namespaces: ['a'] }, 'p')).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } });
    expect(renderPeer({ namespaces: ['b', 'a', 'b'] }, 'p')).toEqual({
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'b'] }] },
    });
    expect(renderPeer({ namespaces: ['a'], podLabels: { app: 'x' } }, 'p')).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } },
      podSelector: { matchLabels: { app: 'x' } },
    });
  });

  test('returns a reason for peers that select nothing or everything', () => {
    expect(renderPeer({}, 'peer 1')).toBe('peer 1 selects nothing; set namespaces, podLabels or cidr');
    expect(renderPeer({ namespaces: [] }, 'peer 1')).toBe('peer 1 has an empty namespaces list; name at least one namespace');
    expect(renderPeer({ namespaces: ['Bad'] }, 'peer 1')).toBe('peer 1 has invalid namespace "Bad"; use a DNS-1123 label');
    expect(renderPeer({ exceptCidrs: ['10.0.0.0/8'] }, 'peer 1')).toBe('peer 1 sets exceptCidrs without cidr');
  });

  test('validates label keys and values', () => {
    expect(labelProblem({ 'example.com/team': 'a-b_c.d' })).toBeUndefined();
    expect(labelProblem({ 'bad key': 'x' })).toBe("label key 'bad key' is not a valid label key");
    expect(labelProblem({ team: '-x' })).toMatch(/^label 'team' has invalid value "-x"/);
  });
});

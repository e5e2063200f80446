import { InputError } from '../../src/compliance/loader';
import { unifiedDiff } from '../../src/harden/diff';
import { hardenYaml } from '../../src/harden/harden-yaml';
import { detectIndentSeq, rewriteDocument } from '../../src/harden/rewrite';

const DOC = `apiVersion: v1
kind: Pod # trailing comment
metadata:
  name: a
  labels: {app: x}
spec:
  containers:
  - name: c   # spaced comment
    image: "nginx"
    ports: [{containerPort: 80}]
  # between items
  - name: d
    image: 'busybox'
    securityContext: {}
    volumeMounts: []
`;

describe('rewriteDocument', () => {
  test('replaces a scalar keeping its quoting style and every other byte', () => {
    const out = rewriteDocument(DOC, [{ path: '/spec/containers/0/image', after: 'nginx@sha256:1' }, { path: '/spec/containers/1/image', after: "busy'box" }]);
    expect(out).toBe(DOC.replace('"nginx"', '"nginx@sha256:1"').replace("'busybox'", "'busy''box'"));
  });

  test('writes a new key at the end of its block map, at the map\'s indentation, with list style of the file', () => {
    const out = rewriteDocument(DOC, [
      { path: '/spec/containers/0/securityContext/capabilities', after: { drop: ['ALL'] } },
      { path: '/spec/containers/0/securityContext/allowPrivilegeEscalation', after: false },
    ]);
    expect(out).toBe(DOC.replace('    ports: [{containerPort: 80}]\n',
      '    ports: [{containerPort: 80}]\n    securityContext:\n      capabilities:\n        drop:\n        - ALL\n      allowPrivilegeEscalation: false\n'));
  });

  test('writes into flow maps and lists in flow style', () => {
    const out = rewriteDocument(DOC, [
      { path: '/metadata/labels/b', after: 'y' },
      { path: '/spec/containers/1/securityContext/allowPrivilegeEscalation', after: false },
      { path: '/spec/containers/1/volumeMounts/0', after: { name: 'v', mountPath: '/tmp' } },
    ]);
    expect(out).toContain('labels: {app: x, b: y}');
    expect(out).toContain('securityContext: {allowPrivilegeEscalation: false}');
    expect(out).toContain('volumeMounts: [{ name: v, mountPath: /tmp }]');
  });

  test('appends to a block list after its last item', () => {
    const out = rewriteDocument(DOC, [{ path: '/spec/containers/2', after: { name: 'e', image: 'x' } }]);
    expect(out).toBe(`${DOC}  - name: e\n    image: x\n`);
  });

  test('keeps CRLF line ends in a Windows file', () => {
    const out = rewriteDocument(DOC.replace(/\n/g, '\r\n'), [{ path: '/spec/containers/0/securityContext/allowPrivilegeEscalation', after: false }]);
    expect(out).toContain('    securityContext:\r\n      allowPrivilegeEscalation: false\r\n');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });

  test.each([
    ['containers:\n- name: a\n', false],
    ['containers:\n  - name: a\n', true],
    ['name: a\n', true],
  ])('detects list indentation of %j as %s', (text, expected) => {
    expect(detectIndentSeq(text)).toBe(expected);
  });
});

describe('hardenYaml', () => {
  test('returns unchanged files byte for byte and keeps the text around documents', () => {
    const service = '# head\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n';
    const result = hardenYaml([{ file: 's.yaml', text: service }]);
    expect(result.outputs).toEqual([{ file: 's.yaml', text: service, changed: false }]);
  });

  test('rewrites only changed documents, keeping separators and comments', () => {
    const text = `# head\n${DOC}---\n# service\napiVersion: v1\nkind: Service\nmetadata:   {name: s}\n...\n`;
    const out = hardenYaml([{ file: 'a.yaml', text }]).outputs[0].text;
    expect(out.startsWith('# head\napiVersion: v1\nkind: Pod # trailing comment\n')).toBe(true);
    expect(out.endsWith('---\n# service\napiVersion: v1\nkind: Service\nmetadata:   {name: s}\n...\n')).toBe(true);
    expect(out).toContain('  - name: c   # spaced comment\n');
  });

  test('hardens the items of a List', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec:\n    containers:\n    - name: a\n      image: x\n';
    const result = hardenYaml([{ file: 'l.yaml', text: list }]);
    expect(result.changes.map((c) => c.field)).toContain('/spec/securityContext/seccompProfile');
    expect(result.outputs[0].text).toContain('\n    securityContext:\n      seccompProfile:\n        type: RuntimeDefault\n');
  });

  test('fails with file:line:col on malformed YAML', () => {
    expect(() => hardenYaml([{ file: 'bad.yaml', text: 'kind: Pod\nspec: [\n' }])).toThrow(InputError);
    try {
      hardenYaml([{ file: 'bad.yaml', text: 'a: 1\nkind: "Pod\n' }]);
    } catch (e: any) {
      expect(e.message).toBe('bad.yaml:3:1: Missing closing "quote');
    }
  });

  test('fails with file:line:col on a field shared through a YAML alias, rather than edit both', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext: &sc {runAsUser: 1}\n  - name: b\n    image: y\n    securityContext: *sc\n';
    expect(() => hardenYaml([{ file: 'alias.yaml', text }]))
      .toThrow("alias.yaml:11:5: cannot harden /spec/containers/1/securityContext/allowPrivilegeEscalation: '/spec/containers/1/securityContext' is a YAML alias (*sc)");
  });

  test('locates changes and findings by file and line', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  hostNetwork: true\n  containers:\n  - name: a\n    image: x\n';
    const result = hardenYaml([{ file: 'p.yaml', text }], { assumeNonRoot: true });
    expect(result.findings).toEqual([expect.objectContaining({
      object: { file: 'p.yaml', document: 0, line: 5, kind: 'Pod', name: 'p', namespace: 'n' },
      check: 'hostNamespaces',
      field: '/spec/hostNetwork',
    })]);
  });
});

describe('unifiedDiff', () => {
  test('prints hunks with three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nX\ne\nf\ng\nh\n';
    expect(unifiedDiff('f.yaml', before, after)).toBe('--- a/f.yaml\n+++ b/f.yaml\n@@ -2,6 +2,7 @@\n b\n c\n d\n+X\n e\n f\n g\n');
  });

  test('is empty for equal texts', () => {
    expect(unifiedDiff('f', 'a\n', 'a\n')).toBe('');
  });
});

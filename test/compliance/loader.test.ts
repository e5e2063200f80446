import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { collectFiles, documentStartLines, InputError, loadPaths, loadYamlText } from '../../src/compliance/loader';

function tmp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-loader-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('loader', () => {
  test('reads multi-document YAML with document indexes and start lines', () => {
    const r = loadYamlText('# header\napiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n}\n---\n\n# comment\nkind: Service\nmetadata: {name: b}\n', 'f.yaml');
    expect(r.refs).toEqual([
      { apiVersion: 'v1', kind: 'Pod', name: 'a', namespace: 'n', file: 'f.yaml', index: 0, line: 2 },
      { apiVersion: '', kind: 'Service', name: 'b', file: 'f.yaml', index: 1, line: 8 },
    ]);
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });

  test('reports empty and non-object documents as skipped, keeping indexes', () => {
    const r = loadYamlText('a: 1\n---\n---\n- x\n---\n42\n---\nb: 2\n---\n', 'f.yaml');
    expect(r.refs.map((x) => [x.index, x.line])).toEqual([[0, 1], [4, 8]]);
    expect(r.skipped).toEqual([
      { object: { apiVersion: '', kind: '', name: '', file: 'f.yaml', index: 1, line: 2 }, reason: 'empty document' },
      { object: { apiVersion: '', kind: '', name: '', file: 'f.yaml', index: 2, line: 4 }, reason: 'document is a sequence, not a Kubernetes object' },
      { object: { apiVersion: '', kind: '', name: '', file: 'f.yaml', index: 3, line: 6 }, reason: 'document is a number scalar, not a Kubernetes object' },
      { object: { apiVersion: '', kind: '', name: '', file: 'f.yaml', index: 5, line: 9 }, reason: 'empty document' },
    ]);
  });

  test('expands kind: List into its items, each at its own line and column', () => {
    const r = loadYamlText('apiVersion: v1\nkind: List\nitems:\n- {kind: Pod, metadata: {name: a}}\n- null\n- {kind: Pod, metadata: {name: b}}\n', 'l.yaml');
    expect(r.refs.map((x) => [x.kind, x.name, x.index, x.line, x.column])).toEqual([['Pod', 'a', 0, 4, 3], ['Pod', 'b', 0, 6, 3]]);
    expect(r.skipped).toEqual([{ object: { apiVersion: '', kind: '', name: '', file: 'l.yaml', index: 0, line: 5 }, reason: 'List item 1: empty document' }]);
  });

  test('keeps timestamps and YAML 1.1 booleans as strings (YAML 1.2 core schema)', () => {
    const r = loadYamlText('kind: X\nmetadata: {name: a}\nwhen: 2024-01-01\nflag: yes\n', 'f.yaml');
    expect(r.objects[0].when).toBe('2024-01-01');
    expect(r.objects[0].flag).toBe('yes');
  });

  test('tolerates metadata and names of any type', () => {
    const r = loadYamlText('kind: 3\nmetadata: [1]\n---\nkind: Pod\nmetadata: {name: 7, namespace: {}}\n', 'f.yaml');
    expect(r.refs.map((x) => [x.kind, x.name, x.namespace])).toEqual([['', '', undefined], ['Pod', '', undefined]]);
  });

  test('finds start lines for explicit end markers and content on the marker line', () => {
    expect(documentStartLines('a: 1\n...\n---\nb: 1\n')).toEqual([1, 4]);
    expect(documentStartLines('--- {a: 1}\n--- |\n  text\n')).toEqual([1, 2]);
    expect(documentStartLines('%YAML 1.2\n---\na: 1\n')).toEqual([3]);
    expect(documentStartLines('a: 1\r\n---\r\nb: 2\r\n')).toEqual([1, 3]);
  });

  test('strips a byte-order mark', () => {
    expect(loadYamlText('\ufeffkind: Pod\nmetadata: {name: a}\n', 'f.yaml').refs[0].kind).toBe('Pod');
  });

  test('fails on malformed YAML with file:line:col', () => {
    expect(() => loadYamlText('kind: Pod\n---\nkind: Pod\n  bad: x\n', 'bad.yaml')).toThrow(new InputError('bad indentation of a mapping entry', 'bad.yaml', 4, 6));
    try {
      loadYamlText('a: [1\nb: 2\n', 'flow.yaml');
      throw new Error('expected an InputError');
    } catch (e: any) {
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toBe('flow.yaml:2:1: missed comma between flow collection entries');
      expect([e.file, e.line, e.column]).toEqual(['flow.yaml', 2, 1]);
    }
  });

  test('fails on duplicate keys, as the API server does', () => {
    expect(() => loadYamlText('kind: Pod\nkind: Service\n', 'dup.yaml')).toThrow('dup.yaml:2:1: duplicated mapping key');
  });

  test('walks directories recursively in sorted order, only *.yaml and *.yml', () => {
    const dir = tmp({ 'b.yaml': 'kind: B\n', 'a/z.yml': 'kind: Z\n', 'a/notes.txt': 'x', 'c.YAML': 'kind: C\n' });
    expect(collectFiles([dir]).map((f) => path.relative(dir, f))).toEqual(['a/z.yml', 'b.yaml', 'c.YAML']);
    const r = loadPaths([dir, '-'], { readStdin: () => 'kind: S\n' });
    expect(r.refs.map((x) => [x.kind, x.file === '-' ? '-' : path.relative(dir, x.file!)])).toEqual([['Z', 'a/z.yml'], ['B', 'b.yaml'], ['C', 'c.YAML'], ['S', '-']]);
    expect(r.files.length).toBe(4);
  });

  test('survives a symlink loop', () => {
    const dir = tmp({ 'a.yaml': 'kind: A\n' });
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    expect(collectFiles([dir]).map((f) => path.relative(dir, f))).toEqual(['a.yaml']);
  });

  test('reports progress per file', () => {
    const dir = tmp({ 'a.yaml': 'kind: A\n', 'b.yaml': 'kind: B\n' });
    const seen: string[] = [];
    loadPaths([dir], { onFile: (done, total) => seen.push(`${done}/${total}`) });
    expect(seen).toEqual(['1/2', '2/2']);
  });

  test('fails on a missing path or a directory without YAML', () => {
    expect(() => collectFiles(['/nonexistent/x.yaml'])).toThrow("path '/nonexistent/x.yaml' does not exist; pass YAML files, directories or '-' for stdin");
    const empty = tmp({ 'readme.md': '#' });
    expect(() => collectFiles([empty])).toThrow(`directory '${empty}' contains no *.yaml or *.yml file`);
  });

  test('reads a large file quickly', () => {
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: v\n---\n';
    const text = doc.repeat(20000);
    const start = Date.now();
    const r = loadYamlText(text, 'big.yaml');
    expect(r.objects.length).toBe(20000);
    expect(r.refs[19999].line).toBe(19999 * 7 + 1);
    expect(Date.now() - start).toBeLessThan(10000);
  });
});

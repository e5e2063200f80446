import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { documentStartLines, listItemPositions, loadYamlText } from '../../src/compliance/loader';

/** What `kubectl get deploy,po -o yaml` prints: items at column 1, no indentation of the sequence. */
const KUBECTL_LIST = `apiVersion: v1
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
  spec:
    template:
      spec:
        containers:
        - name: app
          image: nginx
          args:
          - |
            - not an item: a block scalar line
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-1
    namespace: shop
kind: List
metadata:
  resourceVersion: ""
`;

function positions(text: string): Array<[string, number | undefined, number | undefined]> {
  return loadYamlText(text, 'dump.yaml').refs.map((r) => [r.name, r.line, r.column]);
}

describe('loader: List items', () => {
  test('gives each item of a kubectl List its own line and column', () => {
    expect(positions(KUBECTL_LIST)).toEqual([['web', 3, 3], ['web-1', 17, 3]]);
  });

  test('finds items in an indented sequence, after comments, in a later document, with CRLF line ends', () => {
    const text = 'kind: ConfigMap\nmetadata: {name: first}\n---\nkind: List\napiVersion: v1\nitems:\n  # the pods\n  -   kind: Pod\n      metadata: {name: a}\n\n  - kind: Pod\n    metadata: {name: b}\n';
    expect(positions(text)).toEqual([['first', 1, undefined], ['a', 8, 7], ['b', 11, 5]]);
    expect(positions(text.replace(/\n/g, '\r\n'))).toEqual([['first', 1, undefined], ['a', 8, 7], ['b', 11, 5]]);
  });

  test('places an item whose dash stands alone at its first key on the next line', () => {
    expect(positions('kind: List\nitems:\n-\n  kind: Pod\n  metadata: {name: a}\n- # b\n  kind: Pod\n  metadata: {name: b}\n'))
      .toEqual([['a', 4, 3], ['b', 7, 3]]);
  });

  test('falls back to the position-keeping parser for flow-style items', () => {
    expect(positions('kind: List\nitems: [{kind: Pod, metadata: {name: a}},\n  {kind: Pod, metadata: {name: b}}]\n'))
      .toEqual([['a', 2, 9], ['b', 3, 3]]);
  });

  test('expands every typed list (PodList, DeploymentList, ...) and gives items its kind and apiVersion when they omit them', () => {
    const text = 'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n- metadata: {name: web}\n- kind: Deployment\n  apiVersion: apps/v1\n  metadata: {name: api}\n---\napiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: p}\n';
    const r = loadYamlText(text, 'typed.yaml');
    expect(r.refs).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', file: 'typed.yaml', index: 0, line: 4, column: 3 },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', file: 'typed.yaml', index: 0, line: 5, column: 3 },
      { apiVersion: 'v1', kind: 'Pod', name: 'p', file: 'typed.yaml', index: 1, line: 12, column: 3 },
    ]);
    expect(r.objects[0]).toEqual({ metadata: { name: 'web' }, kind: 'Deployment', apiVersion: 'apps/v1' });
  });

  test('names the list kind when an item of a typed list is not an object', () => {
    const r = loadYamlText('apiVersion: v1\nkind: PodList\nitems:\n- 3\n', 'typed.yaml');
    expect(r.skipped).toEqual([{ object: { apiVersion: '', kind: '', name: '', file: 'typed.yaml', index: 0, line: 4 }, reason: 'PodList item 0: document is a number scalar, not a Kubernetes object' }]);
  });

  test('leaves a kind ending in List without an items array as an object of its own', () => {
    expect(loadYamlText('apiVersion: x/v1\nkind: AllowList\nmetadata: {name: a}\nspec: {items: [1]}\n', 'f.yaml').refs.map((r) => r.kind)).toEqual(['AllowList']);
  });

  test('the line scan agrees with the position-keeping parser on generated block lists', () => {
    const scalar = fc.constantFrom('a', '"q: - x"', '|\n      - in a block\n      x', "'s'", '[1, 2]', '{}');
    const item = fc.record({
      dashAlone: fc.boolean(),
      keys: fc.array(fc.tuple(fc.constantFrom('kind', 'name', 'args', 'x-y'), scalar), { minLength: 1, maxLength: 3 }),
      blankBefore: fc.boolean(),
      comment: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), fc.constantFrom(0, 2), fc.boolean(), (items, indent, docBefore) => {
      const pad = ' '.repeat(indent);
      const body = items.map((it, i) => {
        const keys = it.keys.map(([k, v], j) => `${k}${j}: ${v}`);
        const first = it.dashAlone ? `${pad}-\n${pad}  ${keys[0]}` : `${pad}- ${keys[0]}`;
        const rest = keys.slice(1).map((k) => `${pad}  ${k}`);
        return [it.blankBefore ? '' : undefined, it.comment ? `${pad}# item ${i}` : undefined, first, ...rest].filter((l) => l !== undefined).join('\n');
      }).join('\n');
      const text = `${docBefore ? 'kind: A\n---\n' : ''}apiVersion: v1\nkind: List\nitems:\n${body}\nmetadata: {}\n`;
      const counter = new YAML.LineCounter();
      const docs = YAML.parseAllDocuments(text, { lineCounter: counter }) as YAML.Document.Parsed[];
      const seq = (docs[docs.length - 1].contents as YAML.YAMLMap).get('items', true) as unknown as YAML.YAMLSeq;
      const expected = seq.items.map((n: any) => counter.linePos(n.range[0])).map((p) => [p.line, p.col]);
      const refs = loadYamlText(text, 'f.yaml').refs.slice(docBefore ? 1 : 0);
      expect(refs.map((r) => [r.line, r.column])).toEqual(expected);
      // The scan alone, without the fallback, finds them.
      const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
      const docLine = documentStartLines(text)[docBefore ? 1 : 0];
      expect(listItemPositions(text, starts, docLine, undefined, items.length)?.map((p) => [p.line, p.column])).toEqual(expected);
    }), { numRuns: 200 });
  });
});

import { executeGoTemplate, goPrint, goTruth, GoTemplateError } from '../../conformance/polaris/go-template';

describe('Go template interpreter (Polaris check templating)', () => {
  test('prints a field chain', () => {
    expect(executeGoTemplate('name: {{ .metadata.name }}', { metadata: { name: 'api' } })).toBe('name: api');
  });

  test('prints <no value> for a missing key, as Go does', () => {
    expect(executeGoTemplate('{{ .spec.serviceAccountName }}', { spec: {} })).toBe('<no value>');
  });

  test('keeps a chain through missing keys invalid without error', () => {
    expect(executeGoTemplate('{{ if .a.b.c }}yes{{ else }}no{{ end }}', {})).toBe('no');
  });

  test('fails on field access through a present null, as Go does', () => {
    expect(() => executeGoTemplate('{{ .a.b }}', { a: null })).toThrow(GoTemplateError);
  });

  test('eq with a missing operand is false and never errors', () => {
    expect(executeGoTemplate('{{ if not (eq .x false) }}required{{ end }}', {})).toBe('required');
    expect(executeGoTemplate('{{ if not (eq .x false) }}required{{ end }}', { x: false })).toBe('');
  });

  test('fails when eq compares different basic kinds', () => {
    expect(() => executeGoTemplate('{{ eq .x "1" }}', { x: 1 })).toThrow('incompatible types');
  });

  test('supports else if chains', () => {
    const t = '{{ if eq .k "a" }}A{{ else if eq .k "b" }}B{{ else }}C{{ end }}';
    expect(['a', 'b', 'c'].map((k) => executeGoTemplate(t, { k }))).toEqual(['A', 'B', 'C']);
  });

  test('ranges over a map in sorted key order with $key, $value', () => {
    const t = '{{ range $k, $v := .labels }}[{{ $k }}={{ $v }}]{{ end }}';
    expect(executeGoTemplate(t, { labels: { z: '1', a: '2' } })).toBe('[a=2][z=1]');
  });

  test('assigns to an outer variable from an inner block with =', () => {
    const t = '{{ $x := false }}{{ if .c }}{{ $x = index .m "k" }}{{ end }}{{ $x }}';
    expect(executeGoTemplate(t, { c: true, m: { k: 'v' } })).toBe('v');
  });

  test('index of a missing map key yields nil', () => {
    expect(executeGoTemplate('{{ index .m "nope" }}', { m: {} })).toBe('<nil>');
  });

  test('trims whitespace around {{- and -}} and drops comments', () => {
    expect(executeGoTemplate('a  \n  {{- /* note */ -}}  \n  b', {})).toBe('ab');
  });

  test('hasPrefix, and/or short-circuit, print', () => {
    expect(executeGoTemplate('{{ hasPrefix .n "system:" }}', { n: 'system:x' })).toBe('true');
    expect(executeGoTemplate('{{ and .a .b }}|{{ or .a .b }}', { a: '', b: 'x' })).toBe('|x');
    expect(executeGoTemplate('{{ print "p/" .n }}', { n: 'c' })).toBe('p/c');
  });

  test('fails on an unknown function instead of guessing', () => {
    expect(() => executeGoTemplate('{{ toYaml .x }}', {})).toThrow('function "toYaml" not defined');
  });

  test('truthiness and printing follow Go', () => {
    expect([undefined, null, 0, '', [], {}, false].map(goTruth)).toEqual([false, false, false, false, false, false, false]);
    expect([1, 'a', [0], { a: 1 }, true].map(goTruth)).toEqual([true, true, true, true, true]);
    expect(goPrint({ b: 1, a: 'x' })).toBe('map[a:x b:1]');
  });
});

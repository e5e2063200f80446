/**
 * Compiles Polaris check schemas with ajv so that they validate as Polaris's validator
 * (qri-io/jsonschema, draft 2019-09) does.
 *
 * Differences we bridge:
 *  - patterns are Go RE2 regular expressions: `(?i)` is an inline flag, not supported by
 *    JavaScript; we lift a leading `(?i)` into the `i` flag (and refuse patterns where it is not
 *    leading, rather than guess);
 *  - a keyword whose YAML value is empty (`required:` with nothing after it, a templated `oneOf:`
 *    whose `range` produced no items) is `null` after YAML->JSON; qri-io treats `required`,
 *    `properties`, `allOf` as empty (no constraint) and `anyOf`/`oneOf` as matching nothing;
 *  - Polaris registers two custom keywords, `resourceMinimum` / `resourceMaximum`, comparing
 *    Kubernetes quantities;
 *  - `$schema` values (with or without a trailing `#`) are ignored, as qri-io does.
 */
import type { ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';

/** Translates a Go RE2 pattern into a JavaScript RegExp. */
export function goRegExp(pattern: string, flags = ''): RegExp {
  let src = pattern;
  let f = flags.replace('u', '');
  const idx = src.indexOf('(?i)');
  if (idx >= 0) {
    const before = src.slice(0, idx);
    if (/[A-Za-z]/.test(before.replace(/\\[sSdDwWbB]/g, ''))) {
      throw new Error(`unsupported Go regexp (non-leading (?i)): ${pattern}`);
    }
    src = before + src.slice(idx + 4);
    if (src.includes('(?')) throw new Error(`unsupported Go regexp flags: ${pattern}`);
    f += 'i';
  }
  return new RegExp(src, f + 'u');
}

const SUFFIXES: Record<string, number> = {
  '': 1,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** Parses a Kubernetes resource quantity (`100m`, `1.5`, `250Mi`, `1e3`) into a number. */
export function parseQuantity(value: unknown): number {
  // Polaris formats a JSON number with Go's "%f" before parsing it.
  const s = typeof value === 'number' ? value.toFixed(6) : value;
  if (typeof s !== 'string') throw new Error(`Resource quantity ${String(value)} is not a string`);
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(s);
  if (!m) throw new Error(`Could not parse resource quantity: ${s}`);
  const base = Number(m[1]);
  if (m[2]) return base * Math.pow(10, Number(m[2].slice(1)));
  return base * SUFFIXES[m[3] ?? ''];
}

function sanitize(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(sanitize);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    if (k === '$schema' || k === '$id') continue;
    if (v === null && ['required', 'properties', 'allOf', 'items', 'additionalProperties', 'contains', '$defs', 'definitions', 'patternProperties', 'propertyNames'].includes(k)) continue;
    if (v === null && (k === 'anyOf' || k === 'oneOf')) {
      // qri-io: no sub-schema can match, so the keyword always fails.
      out.not = {};
      continue;
    }
    if (k === 'properties' || k === '$defs' || k === 'definitions' || k === 'patternProperties') {
      const props: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(v as Record<string, unknown>)) props[name] = sanitize(sub);
      out[k] = props;
    } else if (k === 'required' && Array.isArray(v)) {
      out[k] = v;
    } else if (k === 'enum' || k === 'const') {
      out[k] = v;
    } else {
      out[k] = sanitize(v);
    }
  }
  return out;
}

let ajv: Ajv2019 | undefined;
const cache = new Map<string, ValidateFunction>();

function getAjv(): Ajv2019 {
  if (!ajv) {
    ajv = new Ajv2019({
      strict: false,
      allErrors: false,
      validateSchema: false,
      code: { regExp: goRegExp as never },
    });
    for (const [keyword, isMin] of [['resourceMinimum', true], ['resourceMaximum', false]] as const) {
      ajv.addKeyword({
        keyword,
        schemaType: ['string', 'number'],
        validate: (limit: unknown, data: unknown) => {
          try {
            const l = parseQuantity(limit);
            const d = parseQuantity(data);
            return isMin ? d >= l : d <= l;
          } catch {
            return false;
          }
        },
      });
    }
  }
  return ajv;
}

/** Compiles (and caches) a Polaris check schema; `undefined`/empty means "accept everything". */
export function compilePolarisSchema(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema ?? {});
  let fn = cache.get(key);
  if (!fn) {
    const prepared = schema === null || schema === undefined ? {} : sanitize(schema);
    fn = getAjv().compile(prepared as object);
    cache.set(key, fn);
  }
  return fn;
}

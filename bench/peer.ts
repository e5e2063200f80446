/**
 * The peer: @monokle/validation 0.33 with its built-in pod-security-standards plugin, every rule
 * (baseline PSS1xx and restricted PSS2xx) switched on, run end to end on the same files as ours.
 *
 * Offline by construction: the validator gets the DefaultPluginLoader (core plugins only, never the
 * remote loader), only the pod-security-standards plugin is enabled (no schema download), and
 * `fetch` is replaced by a function that records and refuses any request, so an attempt to reach
 * the network shows up in the report instead of silently costing time.
 *
 * Resources are extracted as monokle's CLI does (yaml parseAllDocuments with a LineCounter, one
 * resource per document with its text and file offset); this is our own code, since @monokle/parser
 * is not a dependency.
 */
import * as fs from 'fs';
import * as YAML from 'yaml';

/** Loads an ES module from CommonJS (tsc would turn `import()` into `require()`). */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

/** The restricted-level rule names of the plugin (off by default in 0.33): switched on explicitly. */
const PLUGIN = 'pod-security-standards';

/** What one peer run found. */
export interface PeerRun {
  readonly resources: number;
  /** Results per rule id (PSS101 ...). */
  readonly resultsByRule: { [ruleId: string]: number };
  /** Distinct resources flagged per rule id. */
  readonly resourcesByRule: { [ruleId: string]: number };
  /** Rule id to rule name. */
  readonly ruleNames: { [ruleId: string]: string };
  readonly totalResults: number;
  /** Bytes of the SARIF report written. */
  readonly reportBytes: number;
  /** Network requests attempted (all refused). */
  readonly networkAttempts: string[];
}

/** A prepared validator (plugin loaded): what a long-running peer process would hold. */
export interface Peer {
  run(files: string[], reportFile: string): Promise<PeerRun>;
}

/** Creates the validator and preloads the plugin (not part of the timed run, like our module loading). */
export async function createPeer(): Promise<Peer> {
  const networkAttempts: string[] = [];
  (globalThis as any).fetch = async (url: unknown) => {
    networkAttempts.push(String(url));
    throw new Error(`bench: network access refused (${String(url)})`);
  };
  const m = await importEsm('@monokle/validation');
  const config = { plugins: { [PLUGIN]: true }, rules: {} as { [rule: string]: string } };
  const validator = new m.MonokleValidator({
    loader: new m.DefaultPluginLoader(),
    parser: new m.ResourceParser(),
    schemaLoader: new m.SchemaLoader(),
    suppressors: [new m.AnnotationSuppressor(), new m.FingerprintSuppressor()],
    fixer: new m.DisabledFixer(),
  }, config);
  await validator.preload(config);
  const rules = validator.rules[PLUGIN] as Array<{ id: string; name: string }>;
  for (const rule of rules) config.rules[`${PLUGIN}/${rule.name}`] = 'err';
  await validator.preload(config);
  const enabled = (validator.rules[PLUGIN] as Array<{ configuration: { enabled: boolean } }>).filter((r) => r.configuration.enabled).length;
  if (enabled !== rules.length) throw new Error(`bench: only ${enabled} of ${rules.length} monokle PSS rules are enabled`);
  const ruleNames: { [id: string]: string } = Object.fromEntries(rules.map((r) => [r.id, r.name]));

  return {
    run: async (files, reportFile) => {
      await validator.clear();
      const resources = extractResources(files);
      const response = await validator.validate({ resources });
      const resultsByRule: { [id: string]: number } = {};
      const flagged: { [id: string]: Set<string> } = {};
      let totalResults = 0;
      for (const run of response.runs ?? []) {
        for (const result of run.results ?? []) {
          const id = String(result.ruleId);
          resultsByRule[id] = (resultsByRule[id] ?? 0) + 1;
          // The second location is the resource itself (its id as uri): count each resource once per rule.
          (flagged[id] ??= new Set()).add(String(result.locations?.[1]?.physicalLocation?.artifactLocation?.uri ?? `result-${totalResults}`));
          totalResults++;
        }
      }
      const text = JSON.stringify(response);
      fs.writeFileSync(reportFile, text);
      return {
        resources: resources.length,
        resultsByRule,
        resourcesByRule: Object.fromEntries(Object.entries(flagged).map(([id, s]) => [id, s.size])),
        ruleNames,
        totalResults,
        reportBytes: Buffer.byteLength(text),
        networkAttempts: [...networkAttempts],
      };
    },
  };
}

/** One resource per YAML document, as monokle's CLI builds them. */
function extractResources(files: string[]): any[] {
  const out: any[] = [];
  files.forEach((file, fileIndex) => {
    const text = fs.readFileSync(file, 'utf8');
    const lineCounter = new YAML.LineCounter();
    const documents = YAML.parseAllDocuments(text, { lineCounter });
    const list = Array.isArray(documents) ? documents : [documents];
    list.forEach((document: any, docIndex: number) => {
      if (document.errors?.length) return;
      const content = document.toJS();
      if (!isObject(content) || typeof content.kind !== 'string' || typeof content.apiVersion !== 'string') return;
      const line = lineCounter.linePos(document.range[0]).line;
      const items = content.kind === 'List' && Array.isArray(content.items) ? content.items : [content];
      items.forEach((item: any, itemIndex: number) => {
        if (!isObject(item)) return;
        const name = typeof item.metadata?.name === 'string' ? item.metadata.name : `${file}#${docIndex}`;
        const namespace = typeof item.metadata?.namespace === 'string' ? item.metadata.namespace : undefined;
        out.push({
          id: `${fileIndex}-${docIndex}-${itemIndex}`,
          fileId: String(fileIndex),
          filePath: file,
          fileOffset: line === 1 ? 0 : line,
          name,
          namespace,
          apiVersion: item.apiVersion,
          kind: item.kind,
          content: item,
          text: items.length === 1 ? document.toString({ directives: false }) : YAML.stringify(item),
        });
      });
    });
  });
  return out;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

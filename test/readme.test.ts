import * as fs from 'fs';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import { App, Chart } from 'cdk8s';
import { Attestor, Compliance, HardenedDeployment, SecureNamespace, SignedImagePolicy } from 'cdk8s-hardened';
import * as constructs from 'constructs';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const GUIDES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The fenced code blocks of a Markdown text, with their language. */
function codeBlocks(markdown: string): { lang: string; code: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1], code: m[2] }));
}

/** The section of a Markdown text under a `## ` heading, up to the next one. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section '${heading}'`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

// The README's example, verbatim: it must keep compiling and keep its promise.
test('the README example has zero findings on the hardened pack and 100% on the scorecard', () => {
  const app = new App();
  const chart = new Chart(app, 'shop');
  const ns = new SecureNamespace(chart, 'production', { name: 'production', environment: 'production' });
  new HardenedDeployment(chart, 'api', {
    namespace: ns.name,
    image: 'myregistry.io/shop/api:v1.0.0@sha256:4b8a3f0c7f1d1c6b8e2a9d3f5e7c9b1a3d5f7e9c1b3a5d7f9e1c3b5a7d9f1e3c',
    port: 8080,
  });
  new SignedImagePolicy(chart, 'signed', {
    imageReferences: ['myregistry.io/*'],
    attestors: [Attestor.githubActions({ repository: 'shop/platform', workflow: '.github/workflows/release.yml' })],
  });

  const report = Compliance.check(app, { pack: 'hardened' });
  expect(report.findings).toEqual([]);
  expect(report.scorecard.map((m) => [m.id, m.met])).toEqual([
    ['rbac-least-privilege', true],
    ['pss-restricted-production', true],
    ['network-policy-coverage', true],
    ['image-signing', true],
  ]);
});

describe('Use it in your own project', () => {
  const own = section(read('README.md'), 'Use it in your own project');

  test('shows the tsconfig.json and cdk8s.yaml that CI builds the packed golden path with', () => {
    const blocks = codeBlocks(own);
    expect(blocks.find((b) => b.lang === 'json')?.code).toBe(read('examples/own-project/tsconfig.json'));
    expect(blocks.find((b) => b.lang === 'yaml')?.code).toBe(read('examples/own-project/cdk8s.yaml'));
    expect(read('.ci/run')).toContain('cp examples/own-project/cdk8s.yaml examples/own-project/tsconfig.json');
  });

  test('installs every peer dependency, the cdk8s CLI and a TypeScript ts-node can load', () => {
    const install = codeBlocks(own).find((b) => b.lang === 'sh')!.code;
    const peers = Object.keys(JSON.parse(read('package.json')).peerDependencies);
    expect(peers.length).toBeGreaterThan(0);
    for (const name of [...peers, 'cdk8s-hardened', 'cdk8s-cli', 'ts-node']) {
      expect(install.split(/\s+/)).toContain(name);
    }
    expect(install).toContain('typescript@~5.');
  });

  test('loads the validation plugin from the path the package ships it at', () => {
    const yaml = read('examples/own-project/cdk8s.yaml');
    expect(yaml).toContain('package: ./node_modules/cdk8s-hardened/lib/plugin');
    expect(fs.existsSync(path.join(ROOT, 'src', 'plugin', 'index.ts'))).toBe(true);
    expect(JSON.parse(read('package.json')).main).toBe('lib/index.js');
  });
});

describe('the guides', () => {
  // Everything src/index.ts exports, types included: what `import ... from 'cdk8s-hardened'` can name.
  const exported = (() => {
    const program = ts.createProgram([path.join(ROOT, 'src', 'index.ts')], { noResolve: false, types: [] });
    const checker = program.getTypeChecker();
    const index = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!)!;
    return new Set(checker.getExportsOfModule(index).map((s) => s.getName()));
  })();
  // Names a snippet may use without importing them from the library.
  const peers = new Set([
    ...Object.keys(cdk8s), ...Object.keys(constructs), 'kplus', 'k8s',
    'Object', 'JSON', 'Array', 'Math', 'Date', 'Promise', 'Error', 'String', 'Number', 'Buffer', 'Map', 'Set',
  ]);

  test.each(GUIDES)('%s: TypeScript code blocks name only exported symbols and import only the package', (guide) => {
    const problems: string[] = [];
    for (const { lang, code } of codeBlocks(read(guide))) {
      if (lang !== 'ts' && lang !== 'typescript') continue;
      for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
        if (m[2].startsWith('.')) problems.push(`imports from '${m[2]}'`);
        if (m[2] !== 'cdk8s-hardened') continue;
        for (const name of m[1].split(',').map((n) => n.trim()).filter(Boolean)) {
          if (!exported.has(name)) problems.push(`imports ${name}, which is not exported`);
        }
      }
      // `kplus.X.y` is cdk8s-plus's, not ours: only unqualified names count.
      const used = [...code.matchAll(/\bnew\s+([A-Z]\w*)|(?<![\w.])([A-Z]\w*)\.[a-zA-Z_]\w*/g)].map((m) => m[1] ?? m[2]);
      for (const name of new Set(used)) {
        if (!exported.has(name) && !peers.has(name)) problems.push(`uses ${name}, which is not exported`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);

  test.each(GUIDES)('%s: relative links point at files the npm package ships', (guide) => {
    const ignored = read('.npmignore').split('\n').map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
      .map((l) => new RegExp(`^${l.replace(/^\//, '').replace(/\/$/, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`));
    const problems: string[] = [];
    for (const m of read(guide).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue;
      const file = path.posix.normalize(path.posix.join(path.posix.dirname(guide), target));
      if (!fs.existsSync(path.join(ROOT, file))) problems.push(`${target}: does not exist`);
      else if (ignored.some((re) => re.test(file))) problems.push(`${target}: not in the npm package (.npmignore)`);
    }
    expect(problems).toEqual([]);
  });
});

describe('API.md summaries', () => {
  // jsii (docs.ts, summaryLine) takes a comment's first paragraph as the summary only when the
  // comment has a second paragraph and the first has fewer than 20 words; otherwise it cuts at the
  // first '.', '!', '?' or ';' followed by whitespace. jsii-docgen prints that summary in API.md's
  // tables, so a cut summary hides the rest of the sentence (and the default it states).
  function jsiiSummary(comment: string): string {
    const paragraphs = comment.split(/(\r?\n){2}/);
    if (paragraphs.length > 1 && paragraphs[0].split(' ').length < 20) return paragraphs[0];
    return /^([^!?.;]+[!?.;][ \n\r])/.exec(comment)?.[1] ?? paragraphs[0];
  }

  test('every exported symbol and member keeps its whole first paragraph as its summary', () => {
    const program = ts.createProgram([path.join(ROOT, 'src', 'index.ts')], { types: [] });
    const checker = program.getTypeChecker();
    const index = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!)!;
    const cut: string[] = [];
    const judge = (symbol: ts.Symbol, name: string) => {
      const comment = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      const first = comment.split(/\r?\n\r?\n/)[0].trim();
      if (comment !== '' && jsiiSummary(comment).trim() !== first) cut.push(`${name}: '${jsiiSummary(comment).trim()}'`);
    };
    for (const alias of checker.getExportsOfModule(index)) {
      const symbol = alias.declarations?.some(ts.isExportSpecifier) ? checker.getAliasedSymbol(alias) : alias;
      judge(symbol, alias.getName());
      for (const members of [symbol.members, symbol.exports]) {
        members?.forEach((member, key) => {
          const declaration = member.declarations?.[0];
          if (String(key).startsWith('_') || key === 'prototype' || !declaration) return;
          const hidden = ts.canHaveModifiers(declaration) && ts.getModifiers(declaration)?.some(
            (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
          if (hidden) return;
          judge(member, `${alias.getName()}.${key}`);
        });
      }
    }
    expect(cut).toEqual([]);
  }, 60_000);

  test('the summary rule cuts where jsii does', () => {
    expect(jsiiSummary('The port (TCP); probes use it.')).toBe('The port (TCP); ');
    expect(jsiiSummary('The port the container listens on.\n\nProbes use it.')).toBe('The port the container listens on.');
  });
});

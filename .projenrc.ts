import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-hardened',
  description: 'Hardened cdk8s constructs and a Pod Security / RBAC / supply-chain compliance engine: the secure way as the easy way.',
  author: 'cdk8s-hardened maintainers',
  authorAddress: 'maintainers@cdk8s-hardened.invalid',
  repositoryUrl: 'https://github.com/cdk8s-hardened/cdk8s-hardened.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'security', 'pod-security-standards', 'rbac', 'kyverno', 'gatekeeper', 'external-secrets'],
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.4.2',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  bundledDeps: ['js-yaml@^4.1.0', 'yaml@^2.6.0', 'picomatch@^4.0.2', 'commander@^12.1.0', '@bufbuild/cel@^0.6.1'],
  devDeps: [
    '@types/js-yaml@^4.0.9',
    '@types/picomatch@^3.0.1',
    'ajv@^8.17.1',
    'ajv-formats@^3.0.1',
    'fast-check@^3.23.0',
    'ts-node@^10.9.2',
    'cdk8s-cli@^2.200.0',
    '@microsoft/jest-sarif@1.0.0-beta.0',
    'ajv-draft-04@^1.0.0',
    '@monokle/validation@0.33.0',
  ],

  // No hosted CI, release or bots: CI is `.ci/run`, run on a clean clone.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  docgen: true,
  eslint: true,
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'conformance', 'examples', 'scripts', 'bench'] },
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/examples/.*/dist/'],
      // The examples import 'cdk8s-hardened' as a user's project does; here it is the sources.
      moduleNameMapper: { '^cdk8s-hardened$': '<rootDir>/src', '^cdk8s-hardened/lib/(.*)$': '<rootDir>/src/$1' },
    },
  },
  gitignore: ['examples/*/dist/', '*.cpuprofile', '.bench/'],
  bin: { 'cdk8s-hardened': 'lib/cli/main.js' },
  // docs/ and examples/ ship, so the README's relative links work from node_modules.
  npmignore: ['examples/*/dist/', '.ci/', 'conformance/', 'bench/'],
  // The same name-to-sources mapping for the type checker and eslint (paths) and ts-node (require).
  tsconfigDev: { compilerOptions: { paths: { 'cdk8s-hardened': ['./src'] } } },
});

// The package version, bumped by hand here in the commit that ends a round of work (no release
// workflow: `release: false`). Semver 0.x: a minor bump for new features or any breaking API change, a
// patch bump for fixes only. Without this line projen writes 0.0.0 into package.json on every synth.
// The CLI (`--version`), the JSON report (`tool.version`) and SARIF (`tool.driver.version`) read it from
// package.json at run time. See docs/versioning.md.
project.package.addVersion('0.3.0');

project.addTask('example', {
  description: 'Synthesize the golden-path example with the cdk8s CLI (validation plugin on) and print its summary and compliance report',
  steps: [
    { exec: 'cdk8s synth --no-check-upgrade', cwd: 'examples/golden-path' },
    { exec: 'ts-node --project tsconfig.dev.json examples/golden-path/report.ts' },
  ],
});

project.addTask('conformance', {
  description: 'Check synthesized output against the third-party corpus in ../shared/corpus (override with CDK8S_HARDENED_CORPUS)',
  exec: 'ts-node --project tsconfig.dev.json conformance/run.ts',
});

project.addTask('bench', {
  description: 'Benchmark synth, check and the peer side by side; writes BENCHMARKS.md (a benchmark, not a test)',
  exec: 'tsc -p bench/tsconfig.json && node .bench/build/bench/run.js',
});

const rules = project.addTask('rules', {
  description: 'Generate RULES.md and docs/peers.md from the check registry and the peer catalog',
  exec: 'ts-node --project tsconfig.dev.json scripts/rules-doc.ts',
});
rules.exec('ts-node --project tsconfig.dev.json scripts/peers-doc.ts');
project.postCompileTask.spawn(rules);

project.tsconfigDev.addInclude('examples/**/*.ts');
project.tsconfigDev.addInclude('scripts/**/*.ts');
project.tsconfigDev.addInclude('bench/**/*.ts');
project.tsconfigDev.addInclude('conformance/**/*.ts');
project.tsconfigDev.file.addOverride('ts-node.require', ['./examples/local-package.js']);
// jsii's own tsconfig.json is ignored; a user's project (the README's) and the benchmark's are not.
project.gitignore.include('examples/own-project/tsconfig.json');
project.gitignore.include('bench/tsconfig.json');
// The package name resolves to src/ here; eslint orders it with the other packages, as in a user's project.
project.eslint?.addRules({
  'import/order': ['warn', {
    groups: ['builtin', 'external'],
    pathGroups: [{ pattern: 'cdk8s-hardened', group: 'external' }],
    alphabetize: { order: 'asc', caseInsensitive: true },
  }],
});

project.synth();

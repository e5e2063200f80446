// Resolves the package name 'cdk8s-hardened' to this repository's TypeScript sources, so the examples
// import the library exactly as a user's project does and still run on a fresh clone without a jsii
// build: 'cdk8s-hardened' is src/index.ts and 'cdk8s-hardened/lib/<module>' is src/<module>.
//
// tsconfig.dev.json loads it into every ts-node run (its "ts-node.require"); the same mapping is its
// `paths` for the type checker and eslint, and jest's moduleNameMapper for the tests. A user's
// project needs none of this: there the name resolves to the installed package.
const Module = require('module');
const path = require('path');

const NAME = 'cdk8s-hardened';
const SRC = path.join(__dirname, '..', 'src');
const resolveFilename = Module._resolveFilename;

Module._resolveFilename = function resolveLocalPackage(request, ...rest) {
  if (request === NAME) {
    request = SRC;
  } else if (request.startsWith(`${NAME}/lib/`)) {
    request = path.join(SRC, request.slice(`${NAME}/lib/`.length));
  }
  return resolveFilename.call(this, request, ...rest);
};

// Loads the HardenedValidation cdk8s-cli plugin straight from the TypeScript sources, so the example
// runs on a fresh clone without a jsii build. Apps that install cdk8s-hardened from npm point
// `package:` at ./node_modules/cdk8s-hardened/lib/plugin instead.
const path = require('path');
require('ts-node').register({ project: path.join(__dirname, '..', '..', 'tsconfig.dev.json'), transpileOnly: true });
module.exports = require('../../src/plugin');

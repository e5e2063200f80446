// The repository build's stand-in for `package: ./node_modules/cdk8s-hardened/lib/plugin`: the cdk8s
// CLI loads the plugin in its own process, so this registers ts-node (whose tsconfig.dev.json maps the
// package name to src/, see ../local-package.js) and loads the plugin by the path a user's app uses.
const path = require('path');
require('ts-node').register({ project: path.join(__dirname, '..', '..', 'tsconfig.dev.json'), transpileOnly: true });
module.exports = require('cdk8s-hardened/lib/plugin');

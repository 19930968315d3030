// The import boundaries of src/ (README, "Architecture"): model ← formats ← devices/alloc ← engines
// ← views ← node ← cli, with runtime beside engines, and no Node built-in below node/. `npm run
// lint:deps` checks them in CI; test/release/boundaries.test.ts shows a violating import fails.
// It runs over the compiled JavaScript in dist/ (same layout as src/): the project's TypeScript 7
// has no compiler API for the cruiser to parse .ts with. Patterns match `src|dist/<layer>/`
// anywhere in the path so the test's fixture tree is checked the same way.

/** @param {string} from @param {string} to @param {string} comment */
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });
const L = (names) => `(^|/)(src|dist)/(${names})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid('model-is-the-bottom', L('model'), L('formats|devices|alloc|engines|views|node|cli|runtime'), 'the model depends on nothing of ours'),
    forbid('formats-below-engines', L('formats'), L('devices|alloc|engines|views|node|cli|runtime'), 'readers fill the model; they know no engine'),
    forbid('devices-alloc-below-engines', L('devices|alloc'), L('engines|views|node|cli|runtime'), 'placement and requirement models serve engines'),
    forbid('engines-below-views', L('engines'), L('views|node|cli|runtime'), 'engines compute; views and the Node layer use them'),
    forbid('views-below-node', L('views'), L('node|cli|runtime'), 'views draw engine results and stay browser-safe'),
    forbid('node-below-cli', L('node'), L('cli|runtime'), 'the CLI maps flags onto vramscope/node, never the reverse'),
    forbid('runtime-beside-engines', L('runtime'), L('views|node|cli|alloc'), 'the in-app library shares the frame ledger, not the tools'),
    {
      name: 'no-node-builtins-below-node',
      comment: 'only src/node/ and src/cli/ touch files and processes; the rest runs in a browser as is',
      severity: 'error',
      from: { path: '(^|/)(src|dist)/', pathNot: '(^|/)(src|dist)/(node|cli|viewer)/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|viewer)/|\\.d\\.ts$' },
  },
};

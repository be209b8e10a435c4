// webpack loader for the library's one entry (src/identity/index.ts, compiled to CommonJS by ts-loader first).
//
// The entry's exports are getters whose literal `require('./…')` loads a credential on first use. Left as they
// are, webpack puts every one of those modules into dist/extension.js, so the host reads and compiles code for
// credentials the extension never touches at activation (issue #10: the bundle evaluated at activation).
// This loader turns each getter's require into a synchronous load of a chunk of its own:
//
//   require('./credentials/x')
//     → __azidChunk(() => import(/* webpackChunkName: "identity-x" */ './credentials/x'), require.resolveWeak('./credentials/x'), './credentials/x')
//
// `import()` makes webpack emit the module (and what only it needs) as a separate chunk file next to
// dist/extension.js; `require.resolveWeak` names the module without pulling it into the entry's chunk. With
// the `require` chunk loading of target "node" (webpack.config.js pins it), webpack installs a chunk
// synchronously inside `__webpack_require__.e`, so the getter can return the module's exports at once: the
// public surface stays synchronous, and a module evaluates exactly when it did before, on first use.
// `__azidChunk` checks that and fails with a clear error otherwise (another chunk loading, a missing file).
//
// Only the getters' requires are rewritten; `./core` (the shared core that `export *` re-exports) stays in
// the entry's chunk. The build fails if the entry has no getter to rewrite or keeps another literal require.
'use strict';

const EAGER = new Set(['./core']);
const REQUIRE = /\brequire\((['"])(\.\/[^'"]+)\1\)/g;

const HELPER = `
function __azidChunk(load, moduleId, request) {
  var loading;
  try {
    loading = load();
  } catch (error) {
    throw new Error('azure-identity: the bundle chunk holding ' + request + ' could not be loaded (' + (error && error.message) + ')');
  }
  // The promise settles later with the same exports; nothing waits for it.
  loading.catch(function () {});
  if (!(moduleId in __webpack_modules__)) {
    throw new Error('azure-identity: the bundle chunk holding ' + request + ' did not load synchronously (webpack must use "require" chunk loading)');
  }
  return __webpack_require__(moduleId);
}
`;

/** @this {import('webpack').LoaderContext<{}>} */
module.exports = function lazyEntryLoader(source, map) {
  let rewritten = 0;
  const output = source.replace(REQUIRE, (whole, _quote, request) => {
    if (EAGER.has(request)) return whole;
    rewritten++;
    const name = `identity-${request.split('/').pop()}`;
    const literal = JSON.stringify(request);
    return `__azidChunk(function () { return import(/* webpackChunkName: ${JSON.stringify(name)} */ ${literal}); }, require.resolveWeak(${literal}), ${literal})`;
  });
  if (rewritten === 0) {
    this.emitError(new Error(`${this.resourcePath}: no lazy require() found to load as a chunk; is this still the library's lazy entry?`));
  }
  // The helper goes at the end: function declarations are hoisted, and the source map's lines stay where they were.
  this.callback(null, `${output}\n${HELPER}`, map);
};

// Production bundle of the extension. `vscode` is provided by the host; MSAL is bundled but loaded lazily
// (see src/identity/msal), and no native module (keytar, msal-node-runtime) may end up in the bundle: the
// extension host runs on a Node or Electron the native build was not made for.
'use strict';
const path = require('path');
// webpack's own minimizer (a dependency of webpack itself), configured to keep class names.
const MinimizerPlugin = require('minimizer-webpack-plugin');

/** src/identity/index.ts, the library's one entry. */
const LIBRARY_ENTRY = /[\\/]src[\\/]identity[\\/]index\.ts$/;

/** @type {import('webpack').Configuration} */
module.exports = {
  target: 'node',
  mode: 'production',
  entry: { extension: './src/extension.ts' },
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].js',
    chunkFilename: '[name].[contenthash:8].js',
    libraryTarget: 'commonjs2',
    // Chunks are installed synchronously by require(): the library entry's getters rely on it
    // (scripts/webpackLazyEntry.cjs), so it is pinned here rather than left to the target's default.
    chunkLoading: 'require',
    clean: true,
  },
  devtool: 'nosources-source-map',
  externals: {
    vscode: 'commonjs vscode',
    // Native add-ons pulled in by @azure/msal-node-extensions; the extension host uses SecretStorage instead.
    keytar: 'commonjs keytar',
    '@azure/msal-node-runtime': 'commonjs @azure/msal-node-runtime',
    'dpapi-addon': 'commonjs dpapi-addon',
  },
  // extensionAlias: a lazily imported module is named './x.js' (Node16 ES imports need the extension); it is x.ts here.
  resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: [/node_modules/, LIBRARY_ENTRY],
        use: [{ loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'ES2022', moduleResolution: 'Bundler', sourceMap: true } } }],
      },
      {
        // The library's entry defines its exports as getters on `exports` whose literal require()s load each
        // credential on first use: it stays CommonJS in the bundle too, so those getters are its exports and
        // a credential's module is evaluated only when the extension first touches it. The lazy-entry loader
        // (run after ts-loader) makes each of those modules a chunk of its own, loaded synchronously by its
        // getter, so dist/extension.js holds only what activation needs.
        test: LIBRARY_ENTRY,
        use: [{ loader: path.resolve(__dirname, 'scripts', 'webpackLazyEntry.cjs') }, { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'CommonJS', moduleResolution: 'Node10', sourceMap: true } } }],
      },
    ],
  },
  optimization: {
    minimize: true,
    // Credential class names appear in the chain's messages and the output channel: keep them readable.
    minimizer: [new MinimizerPlugin({ minify: { implementation: MinimizerPlugin.terserMinify, options: { keep_classnames: true } } })],
  },
  performance: { hints: false },
  infrastructureLogging: { level: 'warn' },
};

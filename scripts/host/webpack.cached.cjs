// The production bundle of webpack.config.js, with webpack's filesystem cache under .run/: `npm start` after a
// small change rebuilds in seconds instead of re-minifying everything. The bundle itself is the same.
'use strict';
const path = require('path');
const base = require('../../webpack.config.js');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
  ...base,
  cache: {
    type: 'filesystem',
    cacheDirectory: path.join(root, '.run', 'webpack-cache'),
    // A change to either configuration (or to the installed packages, by webpack's own snapshot) drops the cache.
    buildDependencies: { config: [__filename, path.join(root, 'webpack.config.js'), path.join(root, 'scripts', 'webpackLazyEntry.cjs')] },
  },
};

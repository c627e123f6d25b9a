// The worker's entry. A thread inherits `-r @swc-node/register` from `npm run …`, but not the
// TypeScript transform of a parent running under Jest: load the hook when .ts is not known yet.
if (!require.extensions['.ts']) require('@swc-node/register');
require('./row-sealer-worker.ts');

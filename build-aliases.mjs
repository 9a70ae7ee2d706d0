// Module aliases shared by every esbuild bundle of Loop Lens (esbuild.mjs, bench/run.mjs):
// these packages would otherwise resolve to ESM builds that need `import.meta.url`, or that
// load their parts with dynamic import(), inside our CommonJS bundles.
export const bundleAliases = {
  'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs',
  'quickjs-emscripten-core': './node_modules/quickjs-emscripten-core/dist/index.js',
  '@jitl/quickjs-ng-wasmfile-release-sync/emscripten-module': './node_modules/@jitl/quickjs-ng-wasmfile-release-sync/dist/emscripten-module.cjs',
  '@jitl/quickjs-ng-wasmfile-release-sync/ffi': './node_modules/@jitl/quickjs-ng-wasmfile-release-sync/dist/ffi.js',
  '@jitl/quickjs-ng-wasmfile-release-sync': './node_modules/@jitl/quickjs-ng-wasmfile-release-sync/dist/index.js',
};

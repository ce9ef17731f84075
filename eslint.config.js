// Lint rules that keep the layers apart (see docs/architecture.md). Tests may read fixtures with Node APIs.
// ESLint reads this file's default export.
import tseslint from 'typescript-eslint';

const shells = [
  { group: ['electron', 'electron/*'], message: 'core/ never imports Electron.' },
  { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@xyflow/*', '@codemirror/*', 'codemirror'], message: 'core/ never imports React or UI libraries.' },
  { group: ['**/renderer/**', '**/electron/**'], message: 'core/ never imports a shell folder.' },
];
// Bare built-in names are listed as exact paths: as patterns they would also match any folder of that
// name (the generated Envoy types live under envoy/extensions/filters/http/...).
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'url', 'worker_threads', 'stream', 'events'].map((name) => ({ name, message: 'core/common is pure: no Node built-ins.' }));
const nodeOnly = [
  { group: ['node:*', 'fs/*'], message: 'core/common is pure: no Node built-ins.' },
  { group: ['@grpc/*', 'better-sqlite3', 'ws'], message: 'core/common is pure: no gRPC, SQLite, file watching or sockets.' },
  { group: ['**/node/**', '../node', '../../node'], message: 'core/common never imports core/node.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '**/dist/**', 'core/common/gen/**', 'core/node/xds/gen/**', 'test-results/**', '.tmp-try/**', 'fixtures/lint/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.js'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  { files: ['core/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: shells }] } },
  { files: ['core/common/**/*.ts'], ignores: ['core/common/**/*.test.ts'], rules: { 'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [...shells, ...nodeOnly] }] } },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', 'electron/*'], message: 'renderer/ never imports Electron; use the typed contract.' },
        { group: ['**/core/node/**', 'node:*'], message: 'renderer/ never imports core/node or Node built-ins.' },
      ] }],
    },
  },
  { files: ['eslint.config.js', 'vitest.config.ts', '**/vite.config.ts'], rules: { 'no-restricted-syntax': 'off' } },
);

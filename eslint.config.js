// Lint for the whole repository (run by `npm test`). Besides typescript-eslint's recommended rules and
// React's hook rules, `no-restricted-imports` keeps the rooms apart: shared/ is pure, the renderer reaches
// the Node side only through IPC, and only electron/main and electron/preload import `electron`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import stylistic from '@stylistic/eslint-plugin';

const nodeBuiltins = '^(node:.*|fs(/.*)?|path|os|child_process|crypto|buffer|stream|worker_threads|net|http|https)$';
const restrict = (regex, message) => ['error', { patterns: [{ regex, message }] }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tmp/**', 'test-results/**', 'playwright-report/**', 'test/artifacts/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'scripts/**', 'bin/**'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Buffer', 'Request', 'Response', 'Headers', 'fetch', 'TextEncoder', 'TextDecoder', 'AbortController', 'performance', 'queueMicrotask', 'structuredClone'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    // The formatter (`npm run format` = `eslint --fix .`): layout rules for quotes, semicolons, spacing,
    // blank lines and trailing commas that do not reflow lines, so a table or an unrolled round stays as
    // written. The generated files keep their generators' layout (each has a `--check` test).
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['shared/crypto/sm3.ts', 'shared/crypto/sm2-limbs.ts', 'shared/crypto/sm4-wasm-module.ts', 'shared/crypto/sm2-wasm-module.ts'],
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/jsx-quotes': ['error', 'prefer-double'],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/arrow-parens': ['error', 'always'],
      '@stylistic/eol-last': 'error',
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1, maxEOF: 0, maxBOF: 0 }],
      '@stylistic/no-tabs': 'error',
      '@stylistic/object-curly-spacing': ['error', 'always'],
      '@stylistic/array-bracket-spacing': ['error', 'never'],
      '@stylistic/comma-spacing': 'error',
      '@stylistic/key-spacing': 'error',
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/space-infix-ops': 'error',
      '@stylistic/space-before-blocks': 'error',
      '@stylistic/space-in-parens': 'error',
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/member-delimiter-style': 'error',
      '@stylistic/type-annotation-spacing': 'error',
    },
  },
  {
    // Tests read third-party JSON vectors loosely typed, and rethrow to fail with a message.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'preserve-caught-error': 'off' },
  },
  {
    // Unrolled hot loops declare their temporaries once, outside the loop, for the JIT.
    files: ['shared/crypto/sm3.ts', 'shared/crypto/sm4.ts', 'shared/crypto/gcm.ts'],
    rules: { 'no-useless-assignment': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(`${nodeBuiltins}|^electron$|/electron/|/renderer/|^react(-dom)?$`, 'shared/ is pure TypeScript: no Node, Electron, DOM or UI code.') },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The classic hook rules; the React Compiler rules of v7 judge code written for no compiler.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': restrict(`${nodeBuiltins}|^electron$|/electron/`, 'The renderer reaches the Node side only through the IPC client.'),
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': restrict('^electron$|/renderer/', 'Only electron/main and electron/preload import electron; nothing on the Node side imports the renderer.') },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': restrict('/renderer/', 'Nothing on the Node side imports the renderer; shared strings live in shared/.') },
  },
);

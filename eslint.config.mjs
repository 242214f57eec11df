import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layer direction of lib/ (DESIGN.md section 2): time <- infobip <- storage <- engine <- emulator, and
 * the module on top of engine, storage and infobip. A layer imports only the layers below it; specs
 * may reach further (a store's suite runs against the engine). Entries and the platform adapters
 * sit above everything; the plain-Express adapter sits on the module's framework-free parts.
 */
const LAYERS = {
  time: [],
  infobip: ['time'],
  storage: ['time', 'infobip'],
  engine: ['time', 'infobip', 'storage'],
  emulator: ['time', 'infobip', 'storage', 'engine'],
  module: ['time', 'infobip', 'storage', 'engine'],
  express: ['time', 'infobip', 'storage', 'engine', 'module'],
};
const layerRules = Object.entries(LAYERS).map(([layer, below]) => {
  const above = Object.keys(LAYERS).filter((other) => other !== layer && !below.includes(other));
  return {
    files: [`lib/${layer}/**/*.ts`],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${[...above, 'entries'].join('|')})(/|$)`,
              message: `lib/${layer} sits below ${above.join(', ')}: it may import only ${below.join(', ') || 'nothing of lib/'}.`,
            },
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['dist/**', 'dist-sample/**', 'coverage/**', 'node_modules/**', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use node:crypto (randomInt, randomBytes) instead.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Node scripts of the repository's tooling (CommonJS, run with plain node).
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...layerRules,
);

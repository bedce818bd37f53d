import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SANDBOX_MESSAGE =
  'Workflow code runs in the Temporal sandbox: import only @temporalio/workflow, ../tasks/contract.js and sibling workflow files.';

export default tseslint.config(
  { ignores: ['.tools/', 'dist/', 'node_modules/', 'fixtures/', '.data/'] },
  {
    files: ['{src,test,bench,scripts}/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Async functions without await implement async interfaces (a part's start() and its stop function).
      '@typescript-eslint/require-await': 'off',
      // Without noUncheckedIndexedAccess every `m[1]!` counts as redundant; the `!` and the `as` casts state
      // the assumption for the reader (and become necessary if that flag is turned on).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // domhandler and puppeteer type node and target kinds as string enums; comparing them with the string
      // literals their docs use is correct.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // The sanitisers and the URL guard match control characters on purpose.
      'no-control-regex': 'off',
      // A leading underscore marks a value dropped on purpose: Express's four-argument error handler,
      // properties left out of a rest object.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Callback APIs (passport, express-session) and AbortSignal.reason hand over whatever was thrown;
      // it is passed on unchanged.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // The API client returns parsed JSON bodies as `any`; typing every response in tests buys nothing.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // chai asserts with property getters: `expect(x).to.be.empty`.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!@temporalio/workflow$|\\.\\./tasks/contract\\.js$|\\./[\\w.-]+\\.js$)', message: SANDBOX_MESSAGE }] },
      ],
    },
  },
  {
    files: ['src/tasks/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '.', message: 'The contract is shared with sandboxed workflow code, so it imports nothing.' }] },
      ],
    },
  },
);

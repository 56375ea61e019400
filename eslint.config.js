// Lint: ESLint's and typescript-eslint's recommended rules over src/, test/, bench/, scripts/ and examples/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a value kept on purpose (a destructured field left out, an unused callback argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Expected terminal lines are written as they look, spaces and all.
    files: ['test/**'],
    rules: { 'no-regex-spaces': 'off' },
  },
);

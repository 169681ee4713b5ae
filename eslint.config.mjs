import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Pure/node-only code must not import vscode (see design.md).' }],
  }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/e2e/code-server/**', '.vscode-test/**', 'test/fixtures/**', 'bench/**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['server/**/*.ts', 'client/src/gateway/**/*.ts'], rules: noVscode },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'core/ is pure.' }, { name: 'vscode-languageserver', message: 'core/ never touches the connection; use vscode-languageserver-types.' }],
        patterns: [{ group: ['node:child_process', 'child_process', 'node:net', 'net'], message: 'core/ does no I/O.' }],
      }],
    },
  },
);

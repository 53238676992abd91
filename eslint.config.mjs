import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Layering (STYLE.md rule 5): only k8s/ and sync/ import client-node; only mcp/ imports the MCP SDK.
const restrict = (groups) => ({ 'no-restricted-imports': ['error', { patterns: groups }] });
const clientNode = {
  group: ['@kubernetes/client-node', '@kubernetes/client-node/*'],
  message: 'Only src/k8s and src/sync may import client-node.',
};
const mcpSdk = {
  group: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*'],
  message: 'Only src/mcp may import the MCP SDK.',
};

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'test/cluster/go/', 'helm/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/k8s/**', 'src/sync/**', 'src/mcp/**'],
    rules: restrict([clientNode, mcpSdk]),
  },
  { files: ['src/k8s/**/*.ts', 'src/sync/**/*.ts'], rules: restrict([mcpSdk]) },
  { files: ['src/mcp/**/*.ts'], rules: restrict([clientNode]) },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        AbortSignal: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);

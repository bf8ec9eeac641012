import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'db/migrations/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' },
      ],
    },
  },
  {
    // Queries live in src/store: elsewhere db/schema gives types and constants only.
    files: ['src/**/*.ts'],
    ignores: ['src/store/**', 'src/domain/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/schema.ts'],
              importNames: [
                'organisations',
                'units',
                'people',
                'roles',
                'invites',
                'plans',
                'tasks',
                'assignments',
                'occurrences',
                'completions',
                'evidence',
                'chats',
                'outbox',
                'jobRuns',
                'auditLog',
                'inbound',
                'kv',
              ],
              message: 'Query tables through src/store.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: no clock, no I/O, no frameworks.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'fs',
            'telegraf',
            'axios',
            'drizzle-orm*',
            'node-cron',
            'better-sqlite3',
            '*/store/*',
            '*/db/*',
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The domain gets `now` as a parameter.' },
      ],
    },
  },
  {
    files: ['src/cli.ts', 'src/main.ts', 'bin/**', 'test/**', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);

import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Tables are queried only in src/store. */
const TABLES = {
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
    'pendingImports',
    'kv',
  ],
  message: 'Query tables through src/store.',
};

/** The one module that inserts outbox rows (every message the bot sends goes through it). */
const OUTBOX_WRITER = 'src/delivery/outbox-writer.ts';
const OUTBOX_INSERT = {
  group: ['**/store/outbox.ts'],
  importNames: ['insertOutboxRow'],
  message: 'Write messages with writeOutbox (src/delivery/outbox-writer.ts).',
};

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
    // Queries live in src/store: elsewhere db/schema gives types and constants only; outbox rows are
    // inserted by the one outbox writer.
    files: ['src/**/*.ts'],
    ignores: ['src/store/**', 'src/domain/**', OUTBOX_WRITER],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [TABLES, OUTBOX_INSERT] }] },
  },
  {
    files: [OUTBOX_WRITER],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [TABLES] }] },
  },
  {
    // Adapters get the message handler from src/main.ts; they never reach into the command layer.
    files: ['src/platforms/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/commands/**'], message: 'src/main.ts hands adapters the message handler.' }] },
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

/** An error caused by the user's input, already worded for one surface: its message is an i18n key with parameters. */
export class UserError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'UserError';
  }
}

/** Why the store or the domain refused a request, named without any surface's wording. */
export type RefusalCode =
  | 'badCode'
  | 'unknownOrg'
  | 'emptyName'
  | 'duplicateOrg'
  | 'unknownUnit'
  | 'duplicateUnit'
  | 'officerNeedsUnit'
  | 'roleNoUnit'
  | 'noYear';

/**
 * A refusal from src/store or src/domain: a code and its parameters. Each surface words it in its
 * own locale namespace (the command line: cli.ts; chat: commands/index.ts and commands/import.ts).
 */
export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly params: Record<string, unknown> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'Refusal';
  }
}

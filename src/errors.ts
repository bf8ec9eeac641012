/** An error caused by the user's input: its message is an i18n key with parameters. */
export class UserError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'UserError';
  }
}

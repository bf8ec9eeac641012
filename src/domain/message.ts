/**
 * The one vocabulary for user-facing text: an i18n key with parameters, a button labelled by one, and a
 * message made of them. Plain data, so commands, the scheduler and delivery all speak it; it is turned
 * into words in one place only (`renderMessage` in src/i18n.ts), in the language of the chat it goes to.
 */

/** A line of user-facing text: an i18n key and its parameters (a parameter may itself be a Localised). */
export interface Localised {
  key: string;
  params?: Record<string, unknown> | undefined;
}

export interface LocalisedButton {
  label: Localised;
  /** Returned on tap; at most 64 bytes (Telegram's limit). */
  data: string;
  /** A link button: opens this address instead of sending data back. */
  url?: string | undefined;
  /** With `url`: opens it inside the app (only where `PlatformProfile.webAppButtons`). */
  webApp?: boolean | undefined;
}

/** A message before translation; lines are joined with new lines. */
export type LocalisedMessage =
  | {
      kind: 'text';
      lines: readonly Localised[];
      buttons?: readonly (readonly LocalisedButton[])[] | undefined;
      replyToMessageId?: string | undefined;
    }
  | {
      kind: 'edit';
      messageId: string;
      lines: readonly Localised[];
      buttons?: readonly (readonly LocalisedButton[])[] | undefined;
    }
  | {
      kind: 'photo';
      path: string;
      caption?: readonly Localised[] | undefined;
      buttons?: readonly (readonly LocalisedButton[])[] | undefined;
    }
  | { kind: 'document'; path: string; fileName: string; caption?: readonly Localised[] | undefined };

export function localised(key: string, params?: Record<string, unknown>): Localised {
  return params === undefined ? { key } : { key, params };
}

export function isLocalised(value: unknown): value is Localised {
  return (
    typeof value === 'object' && value !== null && 'key' in value && typeof (value as { key: unknown }).key === 'string'
  );
}

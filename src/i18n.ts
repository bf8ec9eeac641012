/**
 * User text lives in locales/{vi,en}/<namespace>.json; this loads them all once.
 * Vietnamese is the fallback language. Every namespace file is owned by one area of the code
 * (cli, bot, import, delivery, zalo, report, demo, common).
 * `renderMessage` is the one place a message to a chat (src/domain/message.ts) becomes words.
 */
import i18next, { type TFunction } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLocalised, type Localised, type LocalisedButton, type LocalisedMessage } from './domain/message.ts';
import type { Button, OutgoingMessage } from './platforms/chat-platform.ts';

export const LANGUAGES = ['vi', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'locales');

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface I18n {
  t(lang: Lang, key: string, params?: Record<string, unknown>): string;
  /** A translate function bound to one language. */
  forLang(lang: Lang): Translate;
  namespaces: readonly string[];
}

function loadResources(): { resources: Record<string, Record<string, unknown>>; namespaces: string[] } {
  const resources: Record<string, Record<string, unknown>> = {};
  const namespaces = new Set<string>();
  for (const lang of LANGUAGES) {
    resources[lang] = {};
    for (const file of readdirSync(join(LOCALES_DIR, lang)).filter((f) => f.endsWith('.json'))) {
      const ns = file.slice(0, -'.json'.length);
      namespaces.add(ns);
      resources[lang][ns] = JSON.parse(readFileSync(join(LOCALES_DIR, lang, file), 'utf8'));
    }
  }
  return { resources, namespaces: [...namespaces] };
}

export function isLang(value: string): value is Lang {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** Keys are written 'namespace:key.path'. */
export function createI18n(): I18n {
  const { resources, namespaces } = loadResources();
  const instance = i18next.createInstance();
  void instance.init({
    resources: resources as never,
    lng: 'vi',
    fallbackLng: 'vi',
    ns: namespaces,
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map<Lang, TFunction>();
  const forLang = (lang: Lang): Translate => {
    let t = fixed.get(lang);
    if (!t) {
      t = instance.getFixedT(lang);
      fixed.set(lang, t);
    }
    const bound = t;
    return (key, params) => String(bound(key, params ?? {}));
  };
  return { t: (lang, key, params) => forLang(lang)(key, params), forLang, namespaces };
}

/** One line in one language; a parameter that is itself a Localised is rendered first. */
export function renderText(t: Translate, value: Localised): string {
  const params: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(value.params ?? {}))
    params[name] = isLocalised(param) ? renderText(t, param) : param;
  return t(value.key, params);
}

function renderLines(t: Translate, lines: readonly Localised[]): string {
  return lines.map((line) => renderText(t, line)).join('\n');
}

function renderButtons(
  t: Translate,
  buttons: readonly (readonly LocalisedButton[])[] | undefined,
): Button[][] | undefined {
  if (!buttons || buttons.length === 0) return undefined;
  return buttons.map((row) =>
    row.map((b) => ({
      text: renderText(t, b.label),
      data: b.data,
      ...(b.url ? { url: b.url } : {}),
      ...(b.webApp ? { webApp: true } : {}),
    })),
  );
}

/** A message in the language of the chat it goes to: what the outbox stores and a Sender delivers. */
export function renderMessage(i18n: I18n, lang: Lang, message: LocalisedMessage): OutgoingMessage {
  const t = i18n.forLang(lang);
  const buttons = message.kind === 'document' ? undefined : renderButtons(t, message.buttons);
  switch (message.kind) {
    case 'text':
      return {
        kind: 'text',
        text: renderLines(t, message.lines),
        ...(buttons ? { buttons } : {}),
        ...(message.replyToMessageId ? { replyToMessageId: message.replyToMessageId } : {}),
      };
    case 'edit':
      return { kind: 'edit', messageId: message.messageId, text: renderLines(t, message.lines), buttons };
    case 'photo':
      return {
        kind: 'photo',
        path: message.path,
        ...(message.caption ? { caption: renderLines(t, message.caption) } : {}),
        ...(buttons ? { buttons } : {}),
      };
    case 'document':
      return {
        kind: 'document',
        path: message.path,
        fileName: message.fileName,
        ...(message.caption ? { caption: renderLines(t, message.caption) } : {}),
      };
  }
}

/**
 * User text lives in locales/{vi,en}/<namespace>.json; this loads them all once.
 * Vietnamese is the fallback language. Every namespace file is owned by one area of the code
 * (cli, bot, import, delivery, zalo, report, demo, common).
 */
import i18next, { type TFunction } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

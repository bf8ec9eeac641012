/**
 * Folding that keeps positions: every character of an NFC string maps to exactly one character,
 * so an index found in the folded text is the same index in the original. Used to find known
 * names and phrases in cells and cut the original text around them.
 */
import { normalizeText } from '../domain/text.ts';

const cache = new Map<string, string>();

function foldChar(ch: string): string {
  let folded = cache.get(ch);
  if (folded === undefined) {
    folded = ch
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .replace(/[đĐ]/gu, 'd')
      .toLowerCase();
    if ([...folded].length !== 1 || folded.length !== ch.length)
      folded = ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
    cache.set(ch, folded);
  }
  return folded;
}

/** Same length as the input (which should already be NFC): lower case, no diacritics. */
export function foldAligned(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

/** Normalised (NFC, single spaces) text and its aligned fold. */
export function normalizedPair(text: string): { text: string; folded: string } {
  const normal = normalizeText(text);
  return { text: normal, folded: foldAligned(normal) };
}

/** Cell text: NFC, spaces collapsed within each line, empty lines dropped, lines kept. */
export function cleanCell(text: string): string {
  return text
    .normalize('NFC')
    .split(/\r\n|\r|\n/u)
    .map((line) => normalizeText(line))
    .filter(Boolean)
    .join('\n');
}

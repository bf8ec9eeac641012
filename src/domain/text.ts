/** Text helpers for Vietnamese input: NFC, diacritic folding, whitespace. Pure. */

/** NFC form with runs of whitespace (including non-breaking spaces) collapsed and ends trimmed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\s\u00a0\u200b\ufeff]+/gu, ' ')
    .trim();
}

/**
 * Lower case without diacritics, for matching names and phrases however they were typed:
 * "Phòng Văn hoá - Xã hội" and "phong van hoa - xa hoi" fold to the same string.
 * Đ/đ is not a combining mark, so it is mapped by hand.
 */
export function foldText(text: string): string {
  return normalizeText(text)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .normalize('NFC');
}

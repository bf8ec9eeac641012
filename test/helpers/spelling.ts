/** Spelling noise that must not change how a phrase is read: case, diacritics, NFD, spacing. */
import { foldText } from '../../src/domain/text.ts';

export const DISGUISES = 5;

export function disguise(text: string, how: number): string {
  switch (how % DISGUISES) {
    case 0:
      return text.toUpperCase();
    case 1:
      return foldText(text);
    case 2:
      return text.normalize('NFD');
    case 3:
      return `  ${text.replace(/ /gu, '   ')} `;
    default:
      return text.toLowerCase();
  }
}

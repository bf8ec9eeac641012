/**
 * An "after" deadline ("Sau khi tổ chức đánh giá chất lượng nội bộ") waits for another task of the
 * same plan. This finds that task by the words the phrase shares with task titles. Pure.
 */
import { foldText } from './text.ts';

/** Words that say nothing about which task is meant. */
const FILLER = new Set([
  'sau',
  'khi',
  'co',
  'da',
  'duoc',
  'viec',
  'cac',
  'va',
  'cua',
  'ket',
  'thuc',
  'hien',
  'to',
  'chuc',
  'nam',
]);
/** Share of the phrase's meaningful words a title must contain. */
const MIN_OVERLAP = 0.6;

function words(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9]+/u)
    .filter((w) => w.length > 1 && !FILLER.has(w) && !/^\d+$/u.test(w));
}

/** The id of the task the phrase waits for, or null when none matches well enough (or it is the task itself). */
export function findTriggerTask(
  afterText: string,
  candidates: readonly { id: number; title: string }[],
  selfId: number,
): number | null {
  const wanted = [...new Set(words(afterText))];
  if (wanted.length === 0) return null;
  let best: { id: number; score: number } | null = null;
  for (const task of candidates) {
    if (task.id === selfId) continue;
    const have = new Set(words(task.title));
    const score = wanted.filter((w) => have.has(w)).length / wanted.length;
    if (score >= MIN_OVERLAP && (!best || score > best.score)) best = { id: task.id, score };
  }
  return best?.id ?? null;
}

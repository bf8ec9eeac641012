import { describe, expect, it } from 'vitest';
import { findTriggerTask } from '../../src/domain/after-trigger.ts';

const plan = [
  { id: 1, title: 'Xây dựng Kế hoạch đánh giá nội bộ năm 2026' },
  { id: 2, title: 'Tổ chức đánh giá chất lượng nội bộ (mục tiêu chất lượng đã xây dựng) năm 2026' },
  { id: 3, title: 'Thực hiện hành động khắc phục sau đánh giá' },
  { id: 4, title: 'Thực hiện công bố lại HTQLCL' },
];

describe('findTriggerTask', () => {
  it.each([
    ['tổ chức đánh giá chất lượng nội bộ', 2],
    ['khi to chuc danh gia chat luong noi bo', 2],
    ['công bố lại HTQLCL', 4],
    ['có quyết định của UBND tỉnh', null],
    ['', null],
  ])('"%s" waits for task %s', (after, expected) => {
    expect(findTriggerTask(after, plan, 3)).toBe(expected);
  });

  it('never picks the task itself', () => {
    expect(findTriggerTask('hành động khắc phục sau đánh giá', plan, 3)).toBeNull();
  });
});

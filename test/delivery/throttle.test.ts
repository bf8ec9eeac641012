import { describe, expect, it } from 'vitest';
import { TELEGRAM_LIMITS } from '../../src/delivery/limits.ts';
import { createThrottle } from '../../src/delivery/throttle.ts';

const margin = TELEGRAM_LIMITS.marginMs;

describe('throttle', () => {
  it('spaces a chat 1 s from its last send', () => {
    const throttle = createThrottle(TELEGRAM_LIMITS);
    throttle.record('-1', 0);
    expect(throttle.wait('-1', 500)).toBe(500 + margin);
    expect(throttle.wait('-1', 1_000 + margin)).toBe(0);
    expect(throttle.wait('-2', 500)).toBe(0);
  });

  it('spaces a chat from the answer of a send that was late to leave (a busy event loop)', () => {
    const throttle = createThrottle(TELEGRAM_LIMITS);
    throttle.record('-1', 0);
    throttle.settle('-1', 0, 400);
    expect(throttle.wait('-1', 1_000 + margin)).toBe(400);
    expect(throttle.wait('-1', 1_400 + margin)).toBe(0);
  });
});

/**
 * What a call threw, for tests that look inside the error. Each fails the test when nothing is thrown,
 * so an assertion on the error can never be skipped (as it would be inside a `catch`).
 */

/** The error `action` throws; fails when it returns. */
export function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** The error `promise` rejects with, when it is a `type`; fails when it resolves or rejects with anything else. */
export async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}

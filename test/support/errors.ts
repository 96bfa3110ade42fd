// The BrookError an action throws or a promise rejects with: anything else (or nothing) fails the test.
import { BrookError } from '../../src/common/errors.js';

/**
 * The BrookError `fn` throws; another error is rethrown, and throwing nothing fails.
 * @example expect(errorOf(() => parseSchema('a INTT')).code).toBe('PARSE_ERROR')
 */
export function errorOf(fn: () => unknown): BrookError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BrookError) return e;
    throw e;
  }
  throw new Error('expected a BrookError');
}

/**
 * The BrookError `promise` rejects with; another error is rethrown, and resolving fails.
 * @example expect((await rejectionOf(client.listTopics())).code).toBe('KAFKA_UNAVAILABLE')
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<BrookError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof BrookError) return e;
    throw e;
  }
  throw new Error('expected a rejection with a BrookError');
}

// A console.error nobody expected fails the test that caused it. A test that expects one takes over
// the spy: `vi.spyOn(console, 'error').mockImplementation(() => {})` (then nothing is recorded).
import { format } from 'node:util';
import { afterEach, beforeEach, vi } from 'vitest';

let unexpectedErrors: string[] = [];

beforeEach(() => {
  unexpectedErrors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    unexpectedErrors.push(format(...args));
  });
});

afterEach(() => {
  vi.mocked(console.error).mockRestore();
  if (unexpectedErrors.length > 0) {
    throw new Error(`Unexpected console.error:\n${unexpectedErrors.join('\n---\n')}`);
  }
});

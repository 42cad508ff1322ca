import { afterEach, vi } from "vitest";

// A console.error during a test is a bug unless the test expects it.
afterEach(() => {
  vi.restoreAllMocks();
});

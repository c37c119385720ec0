// The provider's notices (`[aep]` lines: warnings, progress) go to its process's stderr; tests that
// assert them read them here.

/**
 * What the process writes to stderr during each test of the calling file or describe block, fresh
 * for each test (it registers the beforeEach and afterEach hooks that swap stderr's write and put it back).
 */
export function capturedNotices(): string[] {
  const notices: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  beforeEach(() => {
    notices.length = 0;
    process.stderr.write = ((chunk: string | Uint8Array) => (notices.push(String(chunk)), true)) as typeof process.stderr.write;
  });
  afterEach(() => {
    process.stderr.write = write;
  });
  return notices;
}

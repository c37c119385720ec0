/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // The e2e and fault suites have their own scripts and configs: npm run test:e2e, npm run test:faults.
  testPathIgnorePatterns: ["/node_modules/", "/tests/e2e/", "/tests/faults/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // Property tests draw fixed inputs in CI, fresh ones locally (tests/helpers/property-seed.ts).
  setupFiles: ["<rootDir>/tests/helpers/property-seed.ts"],
  // npm run test:future-clock: Date years ahead (AEP_TEST_CLOCK_OFFSET_YEARS); after the environment, for afterAll.
  setupFilesAfterEnv: ["<rootDir>/tests/helpers/future-clock.ts"],
  testTimeout: 30000,
};

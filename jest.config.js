/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // The e2e and fault suites have their own scripts and configs: npm run test:e2e, npm run test:faults.
  testPathIgnorePatterns: ["/node_modules/", "/tests/e2e/", "/tests/faults/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testTimeout: 30000,
};

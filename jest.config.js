/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // The e2e suite (real Pulumi CLI) has its own script and config: npm run test:e2e.
  testPathIgnorePatterns: ["/node_modules/", "/tests/e2e/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testTimeout: 30000,
};

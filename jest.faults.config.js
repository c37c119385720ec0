/** Fault matrix and bad-input table (npm run test:faults); the CLI rows need the Pulumi CLI. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests/faults"],
  testMatch: ["**/*.faults.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  maxWorkers: 1,
  testTimeout: 180000,
};

/** End-to-end suite: the real Pulumi CLI against the emulator (npm run test:e2e). */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // One CLI at a time: the machines have 2 cores, and each command starts several processes.
  maxWorkers: 1,
  testTimeout: 180000,
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  testTimeout: 30000,
  // Two files at once: the engine suite mostly waits on the Pulumi CLI's processes, so a second
  // worker shortens a run on a 2-core machine by about a third (jest's default there is one).
  maxWorkers: 2,
};

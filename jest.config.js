/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  testTimeout: 30000,
  // Two files at once: the engine suite mostly waits on the Pulumi CLI's processes (jest's default
  // on a 2-core machine is one). Measured warm: 1,058 s for 646 tests, against 1,166-1,248 s for 633.
  maxWorkers: 2,
};

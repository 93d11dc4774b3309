import {
  comparePackageVersions,
  compareVersions as providerOrder,
  highestVersion,
} from "../../provider/resources/aps-package/version-order";
import { highestOf, versionOrder as sandboxOrder } from "../../sandbox/version-rank";

/**
 * The rule of docs/protocol.md, "Version order", held to by two implementations written apart: the provider's and
 * the sandbox's. The same table runs against both, and both must agree on every pair of a corpus.
 */
describe.each([
  ["the provider", providerOrder],
  ["the sandbox", sandboxOrder],
])("version order in %s", (_who, compareVersions) => {
  test.each([
    ["6.10", "6.9"],
    ["6.10", "6.1"],
    ["5.0", "5.0-beta"],
    ["5.0.1", "5.0"],
    ["1.4.5-2", "1.4.5-1"],
    ["1.0rc2", "1.0rc1"],
    ["1.0", "1.0rc1"],
    ["10", "9"],
    ["12345678901234567890.1", "12345678901234567889.9"],
    ["1.0b", "1.0a"],
  ])("%s > %s", (higher, lower) => {
    expect(compareVersions(higher, lower)).toBe(1);
    expect(compareVersions(lower, higher)).toBe(-1);
  });

  test.each([
    ["6.01", "6.1"],
    ["1-0", "1.0"],
    ["1_0", "1.0"],
  ])("%s equals %s", (a, b) => {
    expect(compareVersions(a, b)).toBe(0);
    expect(compareVersions(b, a)).toBe(0);
  });

  test("case only breaks a tie between words", () => {
    expect(compareVersions("1.0-Beta", "1.0-beta")).toBe(-1);
    expect(compareVersions("1.0-beta", "1.0-Beta")).toBe(1);
    expect(compareVersions("1.0-Beta", "1.0-alpha")).toBe(1);
  });

  test("a trailing word is a pre-release, whatever it means to its vendor", () => {
    expect(compareVersions("2.4.6-p3", "2.4.6")).toBe(-1);
    expect(compareVersions("2.4.6-p3", "2.4.5")).toBe(1);
  });

  test("a missing version sorts below any present one", () => {
    expect(compareVersions(undefined, "0")).toBe(-1);
    expect(compareVersions(undefined, undefined)).toBe(0);
  });
});

describe("version order", () => {
  test("the two implementations agree on every pair of a corpus", () => {
    const corpus = [
      "",
      "0",
      "1",
      "01",
      "1.0",
      "1-0",
      "1.0.0",
      "1.0rc1",
      "1.0rc2",
      "1.0-beta",
      "1.0-Beta",
      "1.0-alpha",
      "1.0b",
      "1.0a",
      "2.4.6",
      "2.4.6-p3",
      "2.4.5",
      "5.0",
      "5.0-beta",
      "5.0.1",
      "6.9",
      "6.10",
      "6.1",
      "6.01",
      "10",
      "9",
      "1_0",
      "1..0",
      "v2",
      "2v",
      "12345678901234567890.1",
    ];
    const disagreements = corpus.flatMap((a) =>
      corpus.filter((b) => providerOrder(a, b) !== sandboxOrder(a, b)).map((b) => `${a} vs ${b}`),
    );
    expect(disagreements).toEqual([]);
  });

  test("version first, then release", () => {
    expect(comparePackageVersions({ version: "6.10", release: "1" }, { version: "6.9", release: "9" })).toBe(1);
    expect(comparePackageVersions({ version: "1.4.5", release: "2" }, { version: "1.4.5", release: "1" })).toBe(1);
    expect(comparePackageVersions({ version: "1.4.5", release: "05" }, { version: "1.4.5", release: "5" })).toBe(0);
  });

  test("both pick the highest by that order and keep the candidate itself", () => {
    const candidates = [
      { version: "6.9", release: "1", id: "a" },
      { version: "6.10", release: "1", id: "b" },
      { version: "6.10", release: "2", id: "c" },
      { version: "6.10-beta", release: "9", id: "d" },
    ];
    expect(highestVersion(candidates)?.id).toBe("c");
    expect(highestOf(candidates)?.id).toBe("c");
    expect(highestVersion([])).toBeUndefined();
    expect(highestOf([])).toBeUndefined();
  });
});

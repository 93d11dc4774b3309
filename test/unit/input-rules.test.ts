import { checkApsPackageInputs } from "../../provider/resources/aps-package/package-inputs";
import { UNKNOWN } from "../../provider/resources/common/resource-values";
import { checkPreparedDeliveryInputs } from "../../provider/resources/prepared-delivery/delivery-inputs";

// What check accepts, how it keeps it, and the failure it names otherwise: before anything is sent.

test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
  ["the name alone; the timeout defaults", { name: "WordPress" }, { name: "WordPress", downloadTimeoutSeconds: 3600 }],
  ["text is trimmed", { name: " WordPress ", version: "6.4 " }, { name: "WordPress", version: "6.4", downloadTimeoutSeconds: 3600 }],
  ["an emoji (a whole surrogate pair)", { name: "WordPress \u{1F680}" }, { name: "WordPress \u{1F680}", downloadTimeoutSeconds: 3600 }],
  ["a name of 255 characters", { name: "W".repeat(255) }, { name: "W".repeat(255), downloadTimeoutSeconds: 3600 }],
  [
    "the catalog URL is kept as written",
    { name: "x", catalogUrl: "http://apscatalog.com/ " },
    { name: "x", catalogUrl: "http://apscatalog.com/ ", downloadTimeoutSeconds: 3600 },
  ],
  ["null is left out", { name: "x", version: null, visible: null }, { name: "x", downloadTimeoutSeconds: 3600 }],
  [
    "values not known yet pass unchecked",
    { name: UNKNOWN, visible: UNKNOWN },
    { name: UNKNOWN, visible: UNKNOWN, downloadTimeoutSeconds: 3600 },
  ],
  ["the provider key is not an input", { name: "x", __provider: "exports.handler = ..." }, { name: "x", downloadTimeoutSeconds: 3600 }],
])("ApsPackage accepts %s", (_case, raw, inputs) => {
  expect(checkApsPackageInputs(raw)).toEqual({ inputs, failures: [] });
});

test.each<[string, Record<string, unknown>, string, RegExp]>([
  ["no name", {}, "name", /^is required: the APS package name/],
  ["a blank name", { name: "  " }, "name", /^must not be empty or blank$/],
  ["a number for a version", { name: "x", version: 6.4 }, "version", /^must be a string, not number 6.4$/],
  ["a control character", { name: "Word\u0007Press" }, "name", /control character U\+0007/],
  ["U+FFFE, which XML 1.0 does not allow", { name: "Word\uFFFEPress" }, "name", /the character U\+FFFE, which XML 1\.0 does not allow/],
  ["half a surrogate pair", { name: "Word\uD83DPress" }, "name", /the character U\+D83D, which XML 1\.0 does not allow/],
  [
    "a name of 20,000 characters, not quoted back",
    { name: "W".repeat(20_000) },
    "name",
    /^is 20000 characters long; at most 255 are accepted$/,
  ],
  ["a vendor of 256 characters", { name: "x", vendor: "v".repeat(256) }, "vendor", /^is 256 characters long; at most 255/],
  [
    "a catalog URL over 2,048 characters",
    { name: "x", catalogUrl: `http://a/${"p".repeat(2048)}` },
    "catalogUrl",
    /at most 2048 are accepted/,
  ],
  ["a misspelt input", { name: "x", verison: "6.4" }, "verison", /^is not an ApsPackage input; did you mean "version"\?/],
  ["a catalog URL that is not one", { name: "x", catalogUrl: "apscatalog" }, "catalogUrl", /is not a URL/],
  ["an ftp catalog URL", { name: "x", catalogUrl: "ftp://apscatalog.com/" }, "catalogUrl", /must be an http:\/\/ or https:\/\/ URL/],
  ["a string for visible", { name: "x", visible: "yes" }, "visible", /^must be true or false, not the string "yes"$/],
  ["a zero timeout", { name: "x", downloadTimeoutSeconds: 0 }, "downloadTimeoutSeconds", /above 0 and at most 604800/],
  ["a timeout over a week", { name: "x", downloadTimeoutSeconds: 604801 }, "downloadTimeoutSeconds", /above 0 and at most 604800/],
])("ApsPackage refuses %s", (_case, raw, property, reason) => {
  expect(checkApsPackageInputs(raw).failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test.each<[string, Record<string, unknown>, string, RegExp]>([
  ["no catalog id", { deviceId: "d", itemType: "map" }, "catalogId", /^is required: the GetApp catalog item id/],
  ["no device id", { catalogId: "c", itemType: "map" }, "deviceId", /^is required: the GetApp device id/],
  ["no item type", { catalogId: "c", deviceId: "d" }, "itemType", /^is required: one of software, map, cache, config$/],
  ["an item type misspelt", { catalogId: "c", deviceId: "d", itemType: "sofware" }, "itemType", /did you mean "software"\?$/],
  [
    "a misspelt input",
    { catalogId: "c", deviceId: "d", itemType: "map", timeoutSecond: 5 },
    "timeoutSecond",
    /^is not a PreparedDelivery input; did you mean "timeoutSeconds"\?/,
  ],
])("PreparedDelivery refuses %s", (_case, raw, property, reason) => {
  expect(checkPreparedDeliveryInputs(raw).failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
});

test("PreparedDelivery fills in its defaults", () => {
  expect(checkPreparedDeliveryInputs({ catalogId: " c ", deviceId: "d", itemType: "map" })).toEqual({
    inputs: { catalogId: "c", deviceId: "d", itemType: "map", verifyArtifacts: true, requireArtifactHashes: false, timeoutSeconds: 3600 },
    failures: [],
  });
});

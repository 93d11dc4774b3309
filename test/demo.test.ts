import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

/** `npm run demo` is a README promise: the built demo runs through and tells its story. */
test("the demo drives create, refresh, drift, reconciliation and destroy for packages and deliveries, and exits 0", async () => {
  const script = join(__dirname, "..", "dist", "examples", "demo", "run-demo.js");
  const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 120_000 });
  for (const expected of [
    /it is not the Pulumi CLI/,
    /\+ wordpress created: package \d+, WordPress 6\.4-2, visible/,
    /\+ nextcloud created: package \d+, Nextcloud 28\.0\.1-1, hidden/,
    /- wordpress: \d+ is gone from the server; dropped from the state/,
    /- joomla: \d+ is gone from the server; dropped from the state/,
    /Nextcloud 28\.0\.1-1: package \d+ stays on the server \(Plesk has no API to remove APS packages\); hidden from customers and resellers/,
    /download-package: 5 packet\(s\)/,
    /\+ navigator created: delivery navigator-2\.4\.1 done, 4 artifact\(s\), 0 verified/,
    /install-navigator\.sh: not verified: GetApp announced no hash for it/,
    /\+ north-sector created: delivery map-north-sector-2026-10 done, 2 artifact\(s\), 1 verified/,
    /- navigator: navigator-2\.4\.1 is gone from the server; dropped from the state/,
    /navigator-2\.4\.1 for device-17: evicted from GetApp's cache/,
    /GetApp prepareDelivery: 3 request\(s\)/,
  ]) {
    expect(stdout).toMatch(expected);
  }
  // Created, then created again after its id came to hold another package.
  expect(stdout.match(/\+ wordpress created: package \d+, WordPress 6\.4-2/g)).toHaveLength(2);
}, 120_000);

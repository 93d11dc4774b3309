"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const undici_1 = require("undici");
const samples_1 = require("./helpers/samples");
/** The built command users run: `npx plesk-aps-sandbox`. `npm test` builds before jest. */
const ROOT = (0, node_path_1.join)(__dirname, "..");
const CLI = (0, node_path_1.join)(ROOT, "dist", "sandbox", "cli.js");
function startCli(args) {
    if (!(0, node_fs_1.existsSync)(CLI))
        throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    const child = (0, node_child_process_1.spawn)(process.execPath, [CLI, ...args]);
    return new Promise((resolve, reject) => {
        let banner = "";
        child.stdout.on("data", (chunk) => {
            banner += chunk.toString();
            if (banner.includes("Ctrl-C stops it."))
                resolve({ child, banner });
        });
        child.stderr.on("data", (chunk) => reject(new Error(chunk.toString())));
        child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${banner}`)));
    });
}
function exitCode(child) {
    return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}
test("the sandbox command prints what to connect with, answers the seed request, and stops on Ctrl-C", async () => {
    const { child, banner } = await startCli(["--port", "0", "--password", "cli-pass", "--speed", "100"]);
    const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(banner)[1];
    const caPath = /CA cert\s+(\S+)/.exec(banner)[1];
    expect(banner).toContain("password   cli-pass");
    expect(banner).toContain(`export PLESK_URL=${url}`);
    const dispatcher = new undici_1.Agent({ connect: { ca: (0, node_fs_1.readFileSync)(caPath, "utf8") } });
    const response = await (0, undici_1.request)(`${url}/enterprise/control/agent.php`, {
        method: "POST",
        dispatcher,
        headers: { "content-type": "text/xml", HTTP_AUTH_LOGIN: "admin", HTTP_AUTH_PASSWD: "cli-pass" },
        body: (0, samples_1.sample)("001-task-18.request"),
    });
    const answer = (0, samples_1.comparable)(await response.body.text());
    await dispatcher.close();
    const expected = (0, samples_1.comparable)((0, samples_1.sample)("001-task-18-not-found.response"));
    expect(answer.children[0].children[0].children[0].children.map((e) => [e.name, e.text])).toEqual([
        ["status", "error"],
        ["errcode", "1013"],
        ["errtext", "Download task with id 18 not found"],
        ["filter-id", "18"],
    ]);
    expect(answer.children[0].children[0].children[0].children.map((e) => e.name)).toEqual(expected.children[0].children[0].children[0].children.map((e) => e.name));
    const exited = exitCode(child);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect((0, node_fs_1.existsSync)(caPath)).toBe(false);
});
test("a bad flag is refused with a message, not a stack trace", () => {
    let stderr = "";
    try {
        (0, node_child_process_1.execFileSync)(process.execPath, [CLI, "--platform", "solaris"], { stdio: "pipe" });
    }
    catch (error) {
        stderr = String(error.stderr);
    }
    expect(stderr.trim()).toBe('plesk-aps-sandbox: --platform must be linux or windows, got "solaris"');
});
test("the package ships the built library, the sandbox and its command, and nothing else", () => {
    const [packed] = JSON.parse((0, node_child_process_1.execFileSync)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/provider/index.js", "dist/provider/index.d.ts", "dist/sandbox/cli.js", "dist/sandbox/demo-catalog.json"]));
    expect(files.filter((f) => !/^(package\.json|README\.md|LICENSE|dist\/(provider|sandbox)\/.*\.(js|d\.ts|json))$/.test(f))).toEqual([]);
});
//# sourceMappingURL=cli.test.js.map
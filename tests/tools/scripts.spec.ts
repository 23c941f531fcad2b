import * as assert from "assert";
import { spawnSync } from "child_process";
import { join } from "path";
import { PROJECT_DIR } from "../../config/stackFiles";

/** Runs a tool script as `npm run` does (through tsx), in its own process. */
function script(tool: string, args: string[]) {
    const run = spawnSync(process.execPath, ["--require", "tsx/cjs", join("tools", `${tool}.ts`), ...args], { cwd: PROJECT_DIR, encoding: "utf8" });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("tool scripts", () => {
    it("policy sets the process exit code: 1 for a stack export with a mandatory violation", () => {
        const run = script("policy", [join("tests", "fixtures", "exports", "legacy-prod.json")]);
        assert.strictEqual(run.code, 1, run.stderr);
        assert.match(run.stdout, /^Policy pack: 4 mandatory, 1 advisory/m);
    });

    it("prints JSON that parses through npm run -s, the way the usage texts say (npm's banner goes to standard output otherwise)", () => {
        const run = spawnSync("npm", ["run", "-s", "plan", "--", "--stack", "no-such-stack", "--json"], { cwd: PROJECT_DIR, encoding: "utf8" });
        assert.strictEqual(run.status, 2, run.stderr);
        assert.deepStrictEqual((JSON.parse(run.stdout) as { error: { kind: string } }).error.kind, "StackFileError");
        assert.doesNotMatch(run.stderr, /banner/);
    });

    it("plan sets the process exit code: 2 for a stack with no stack file", () => {
        const run = script("plan", ["--stack", "no-such-stack"]);
        assert.strictEqual(run.code, 2, run.stderr);
        assert.match(run.stderr, /^no stack file Pulumi\.no-such-stack\.yaml/);
    });
});

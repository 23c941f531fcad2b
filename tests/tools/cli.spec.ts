import * as assert from "assert";
import { main as classroomMain } from "../../classroom/cli";
import { main as flowlogsMain } from "../../offline/flowLogs/parseCommand";
import { BufferConsole, OptionSpec, parseArgs, unexpectedArgument, warnNpmBanner } from "../../offline/plan/cli";
import { FLOWLOGS_USAGE } from "../../offline/flowLogs/parseCommand";
import { PLAN_USAGE } from "../../offline/plan/planCommand";
import { POLICY_USAGE } from "../../offline/plan/policyCommand";
import { REACH_USAGE } from "../../offline/plan/reachCommand";

/** The shared command-line parsing of every tool: what a user who mistypes a flag, or forgets npm's `--`, is told. */
describe("tool command lines", () => {
    const OPTIONS: readonly OptionSpec[] = [
        { name: "stack", takesValue: true },
        { name: "diagram", takesValue: true },
        { name: "json", takesValue: false },
        { name: "prefix", takesValue: true },
    ];

    it("suggests the closest flag for an unknown one, and none for a wild guess", () => {
        assert.throws(() => parseArgs(["--stak", "lab"], OPTIONS), { name: "UsageError", message: "unknown option --stak; did you mean --stack?" });
        assert.throws(() => parseArgs(["--Diagram", "x.svg"], OPTIONS), { message: "unknown option --Diagram; did you mean --diagram?" });
        assert.throws(() => parseArgs(["--colour"], OPTIONS), { message: "unknown option --colour" });
    });

    it("says npm kept --stack for itself when `npm run plan --stack lab` is typed without --", () => {
        // What npm 10 passes for `npm run plan --stack lab`: argv ["lab"], npm_config_stack=true.
        const env = { npm_lifecycle_event: "plan", npm_config_stack: "true", npm_config_prefix: "/usr/local" };
        const parsed = parseArgs(["lab"], OPTIONS);
        assert.deepStrictEqual(parsed.positional, ["lab"]);
        assert.strictEqual(unexpectedArgument("lab", OPTIONS, { env }).message, "npm passed `lab` without `--stack`: npm keeps the options before `--` for itself; run `npm run plan -- --stack lab`");
        assert.strictEqual(
            unexpectedArgument("3", OPTIONS, { env: { npm_lifecycle_event: "classroom", npm_config_stack: "true" }, command: "init" }).message,
            "npm passed `3` without `--stack`: npm keeps the options before `--` for itself; run `npm run classroom -- init --stack 3`",
        );
        // npm always sets npm_config_prefix to a path: that is not an eaten --prefix.
        assert.strictEqual(unexpectedArgument("lab", OPTIONS, { env: { npm_lifecycle_event: "plan", npm_config_prefix: "/usr/local" } }).message, "unexpected argument lab");
        // Outside npm, a stray argument is only that.
        assert.strictEqual(unexpectedArgument("lab", OPTIONS, { env: { npm_config_stack: "true" } }).message, "unexpected argument lab");
    });

    it("warns on standard error when npm's banner went before --json output, and only then", () => {
        const npm = { npm_lifecycle_event: "reach", npm_package_name: "vpc-labs", npm_package_version: "0.1.0" };
        const warned = (argv: string[], env: NodeJS.ProcessEnv) => {
            const io = new BufferConsole();
            warnNpmBanner(argv, io, env);
            return [io.outText, io.errText];
        };
        assert.deepStrictEqual(warned(["--stack", "lab", "--json"], npm), ["", 'note: npm printed its "> vpc-labs@0.1.0 reach" banner on standard output before this JSON; run npm run -s reach -- ... for JSON alone']);
        assert.deepStrictEqual(warned(["--stack", "lab", "--json"], { ...npm, npm_config_loglevel: "silent" }), ["", ""]);
        assert.deepStrictEqual(warned(["--stack", "lab"], npm), ["", ""]);
        assert.deepStrictEqual(warned(["--stack", "lab", "--json"], {}), ["", ""]);
    });

    it("tells in every --json tool's usage to run it with npm run -s", () => {
        for (const [tool, usage] of [["plan", PLAN_USAGE], ["policy", POLICY_USAGE], ["reach", REACH_USAGE], ["flowlogs", FLOWLOGS_USAGE]]) {
            assert.ok(usage.includes(`--json`) && usage.includes(`run npm run -s ${tool} -- ...: without -s, npm prints its\n"> vpc-labs@0.1.0 ${tool}" banner`), tool);
        }
    });

    it("suggests the closest command of classroom and flowlogs", async () => {
        const firstLine = async (run: (io: BufferConsole) => Promise<number>) => {
            const io = new BufferConsole();
            return [await run(io), io.errText.split("\n")[0]];
        };
        assert.deepStrictEqual(await firstLine((io) => classroomMain(["destory"], io)), [2, "classroom: unknown command destory; did you mean destroy?"]);
        assert.deepStrictEqual(await firstLine((io) => flowlogsMain(["prase", "-"], io)), [2, "flowlogs: unknown command prase; did you mean parse?"]);
        assert.deepStrictEqual(await firstLine((io) => flowlogsMain(["show", "-"], io)), [2, "flowlogs: unknown command show; the command is parse"]);
    });
});

import * as assert from "assert";
import { OptionSpec, parseArgs, unexpectedArgument } from "../../offline/plan/cli";

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
});

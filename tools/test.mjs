// `npm test`: the type check, lint and the unit tests. The type check runs beside the other two
// (it uses one core); each step's output is printed whole, and the run fails if any step does.
// It uses tsgo, the native TypeScript 7 compiler, which checks the 2,700 declaration files of
// @pulumi/aws in a fifth of tsc's time; `npm run typecheck` is the same check with TypeScript
// 5.9, the compiler Pulumi's runtime uses (CI runs both).
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

function run(label, command, args, { live = false } = {}) {
    const started = performance.now();
    return new Promise((resolve) => {
        const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" } });
        let output = "";
        const collect = (chunk) => (live ? process.stdout.write(chunk) : (output += chunk));
        child.stdout.on("data", collect);
        child.stderr.on("data", collect);
        child.on("close", (code) => resolve({ label, code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }));
    });
}

async function lintThenTest() {
    const lint = await run("lint", bin("eslint"), ["--max-warnings", "0", "."]);
    process.stdout.write(lint.output);
    const test = await run("unit tests", bin("mocha"), [], { live: true });
    return [lint, test];
}

const [typecheck, [lint, test]] = await Promise.all([run("type check", bin("tsgo"), ["-p", "tsconfig.check.json"]), lintThenTest()]);
process.stdout.write(typecheck.output);
let failed = false;
for (const step of [typecheck, lint, test]) {
    failed ||= step.code !== 0;
    console.log(`${step.code === 0 ? "ok  " : "FAIL"} ${step.label} (${step.seconds.toFixed(1)} s)`);
}
process.exit(failed ? 1 : 0);

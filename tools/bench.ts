/**
 * `npm run bench`: prints how long the main jobs take on this machine (nothing is asserted).
 *
 *   - `plan --stack lab` and `--stack dev` against the time Node takes just to load @pulumi/aws (target: within 2x);
 *   - `policy` over a generated 10,000-resource stack export (target: under 2 s), and over 10,000 and
 *     50,000 resources copied from the lab stack's own export (50,000 under 5 s, growth 5.5x or less);
 *   - `reach --stack lab --checks` and one `reach` query (target: the query adds under 100 ms to
 *     the plan of the stack), and one query over the 10,000-resource export (target: under 1 s);
 *   - the type check (`tsc --noEmit`) and the unit tests (mocha), the two slow parts of `npm test`;
 *   - the expected duration of `pulumi up` for the dev and lab stacks and its critical path
 *     (a model of the deployment, not a timing of this machine: analysis/deployTime).
 *
 * Options: `--runs <n>` (default 3; the median is reported), `--only plan,policy,reach,engine,typecheck,tests,npmtest,deploytime`.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { cpus, loadavg, tmpdir } from "os";
import { join } from "path";
import { renderDeployTime } from "../analysis/deployTime/render";
import { OptionSpec, parseArgs } from "../offline/plan/cli";
import { plannedStackEstimates } from "../offline/plan/estimates";
import { replicatedExport } from "../offline/plan/replicatedExport";
import { StackExport } from "../offline/plan/stackExport";
import { syntheticExport } from "../offline/plan/syntheticExport";
import { PROJECT_DIR } from "../config/stackFiles";

interface Timed {
    readonly seconds: number;
    readonly code: number | null;
    readonly stderr: string;
    readonly stdout: string;
}

/** Runs a command in the project folder and times it, wall clock. */
function timed(command: string, args: readonly string[]): Timed {
    const start = process.hrtime.bigint();
    const run = spawnSync(command, args, { cwd: PROJECT_DIR, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { seconds, code: run.status, stderr: run.stderr ?? "", stdout: run.stdout ?? "" };
}

/** The median run of several; a run over 20 s is not repeated. */
function median(runs: number, command: string, args: readonly string[]): Timed & { readonly all: readonly number[] } {
    const results = [timed(command, args)];
    while (results.length < runs && results[0].seconds < 20) {
        results.push(timed(command, args));
    }
    const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
    return { ...sorted[Math.floor(sorted.length / 2)], all: results.map((r) => r.seconds) };
}

const s = (seconds: number) => `${seconds.toFixed(2)} s`;
const node = process.execPath;
const bin = (name: string) => join(PROJECT_DIR, "node_modules", ".bin", name);

/** The `--timings` phases a command printed, indented for the report. */
function phases(stderr: string): string {
    return stderr
        .split("\n")
        .filter((line) => /^\s*\d+\.\d+ s {2}/.test(line))
        .map((line) => `        ${line.trim()}`)
        .join("\n");
}

/** Every measurement, in the order they run (`--only` picks some). */
const MEASUREMENTS: readonly string[] = ["engine", "plan", "policy", "reach", "typecheck", "tests", "npmtest", "deploytime"];

/** The options `npm run bench` takes (the docs' command check reads them too). */
export const BENCH_OPTIONS: readonly OptionSpec[] = [
    { name: "runs", takesValue: true },
    { name: "only", takesValue: true },
];

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2), BENCH_OPTIONS);
    const runs = Math.max(1, Number(args.values.runs ?? 3));
    const only = new Set((args.values.only ?? MEASUREMENTS.join(",")).split(","));
    const unknown = [...only].filter((m) => !MEASUREMENTS.includes(m));
    if (unknown.length > 0) {
        console.error(`bench: --only: no measurement ${unknown.join(", ")}; the measurements are ${MEASUREMENTS.join(", ")}`);
        process.exitCode = 2;
        return;
    }
    console.log(`vpc-labs bench: node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}, median of ${runs} runs\n`);
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    const steps = MEASUREMENTS.filter((m) => only.has(m));
    let done = 0;
    // A progress line per step on standard error (the report stays on standard output): the
    // whole bench takes minutes, most of it in the npm test and type check steps.
    const step = (name: string) => {
        if (only.has(name)) {
            process.stderr.write(`bench: [${++done}/${steps.length}] ${name} (${elapsed().toFixed(0)} s so far)\n`);
        }
    };

    step("engine");
    if (only.has("engine")) {
        engineBench(runs);
    }
    step("plan");
    if (only.has("plan")) {
        const baseline = median(runs, node, ["-e", 'require("@pulumi/aws")']);
        console.log(`  node -e 'require("@pulumi/aws")'            ${s(baseline.seconds)}   [${baseline.all.map(s).join(", ")}]`);
        // What `npm run plan -- --stack <stack>` runs (npm's own start-up, about 0.3 s, excluded).
        // dev also loads awsx and registers the 30 resources its three awsx VPCs hold.
        for (const stack of ["lab", "dev"]) {
            const plan = median(runs, node, ["--require", "tsx/cjs", "tools/plan.ts", "--stack", stack, "--timings"]);
            const ratio = plan.seconds / baseline.seconds;
            console.log(`  plan --stack ${stack.padEnd(32)}${s(plan.seconds)}   [${plan.all.map(s).join(", ")}]   ${ratio.toFixed(2)}x the require (target: 2x or less)${plan.code === 0 ? "" : `, exit ${plan.code}`}`);
            console.log(phases(plan.stderr));
        }
    }

    step("policy");
    if (only.has("policy")) {
        const dir = mkdtempSync(join(tmpdir(), "vpc-labs-bench-"));
        try {
            const file = join(dir, "bench-10000.json");
            writeFileSync(file, JSON.stringify(syntheticExport(10_000)));
            const policy = median(runs, node, ["--require", "tsx/cjs", "tools/policy.ts", file, "--json", "--timings"]);
            let summary = "";
            try {
                summary = JSON.stringify((JSON.parse(policy.stdout) as { summary: unknown }).summary);
            } catch {
                summary = policy.stderr.split("\n")[0];
            }
            console.log(`\n  policy <export of 10,000 resources>          ${s(policy.seconds)}   [${policy.all.map(s).join(", ")}]   target: under 2 s; exit ${policy.code}, ${summary}`);
            console.log(phases(policy.stderr));
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }

    if (only.has("policy")) {
        labShapedPolicyBench(runs);
    }

    step("reach");
    if (only.has("reach")) {
        reachBench(runs);
    }

    step("typecheck");
    if (only.has("typecheck")) {
        const tsgo = timed(bin("tsgo"), ["-p", "tsconfig.check.json"]);
        console.log(`\n  type check, tsgo (in npm test)               ${s(tsgo.seconds)}   ${tsgo.code === 0 ? "clean" : `exit ${tsgo.code}`}`);
        const tsc = timed(node, [join(PROJECT_DIR, "node_modules", "typescript", "bin", "tsc"), "--noEmit"]);
        console.log(`  type check, tsc 5.9 (npm run typecheck)      ${s(tsc.seconds)}   ${tsc.code === 0 ? "clean" : `exit ${tsc.code}`}`);
    }

    step("tests");
    if (only.has("tests")) {
        const mocha = timed(node, [join(PROJECT_DIR, "node_modules", "mocha", "bin", "mocha.js"), "--reporter", "dot"]);
        const counts = [...(mocha.stdout.matchAll(/(\d+) (passing|failing|pending)/g) ?? [])].map((m) => `${m[1]} ${m[2]}`).join(", ");
        console.log(`  mocha (the unit tests)                       ${s(mocha.seconds)}   ${counts || `exit ${mocha.code}`}`);
    }

    step("npmtest");
    if (only.has("npmtest")) {
        const all = timed(node, [join(PROJECT_DIR, "tools", "test.mjs")]);
        console.log(`  npm test (type check beside lint + mocha)    ${s(all.seconds)}   ${all.code === 0 ? "green" : `exit ${all.code}`} (target: under 30 s)`);
    }

    step("deploytime");
    if (only.has("deploytime")) {
        for (const stack of ["dev", "lab"]) {
            const { deployTime } = await plannedStackEstimates(stack);
            console.log(`\n  pulumi up --stack ${stack}, expected (modelled):`);
            console.log(renderDeployTime(deployTime).map((line) => `    ${line}`).join("\n"));
        }
    }
    console.log(`\nbench took ${elapsed().toFixed(0)} s`);
}

/** The seconds of one `--timings` phase a command printed. */
function phase(stderr: string, name: string): number {
    const line = stderr.split("\n").find((l) => l.trim().endsWith(name));
    return line ? Number(line.trim().split(" ")[0]) : NaN;
}

/**
 * `policy` over 10,000 and 50,000 resources made of copies of the lab stack's own resources
 * (targets: 50,000 within 5 s; growth from 10,000 to 50,000 within 5.5x, linear plus start-up).
 */
function labShapedPolicyBench(runs: number): void {
    const dir = mkdtempSync(join(tmpdir(), "vpc-labs-bench-"));
    try {
        const base = join(dir, "lab.json");
        const planned = timed(node, ["--require", "tsx/cjs", "tools/plan.ts", "--stack", "lab", "--export", base]);
        if (planned.code !== 0) {
            console.log(`\n  policy <lab-shaped exports>: plan --stack lab --export failed (exit ${planned.code})`);
            return;
        }
        const exported = JSON.parse(readFileSync(base, "utf8")) as StackExport;
        const seconds: number[] = [];
        for (const count of [10_000, 50_000]) {
            const file = join(dir, `lab-${count}.json`);
            writeFileSync(file, JSON.stringify(replicatedExport(exported, count)));
            const policy = median(runs, node, ["--require", "tsx/cjs", "tools/policy.ts", file, "--json"]);
            seconds.push(policy.seconds);
            const label = `policy <${count.toLocaleString("en")} lab-shaped resources>`;
            console.log(`  ${label.padEnd(45)}${s(policy.seconds)}   [${policy.all.map(s).join(", ")}]   exit ${policy.code}${count === 50_000 ? " (target: under 5 s)" : ""}`);
        }
        console.log(`  growth 10,000 -> 50,000                      ${(seconds[1] / seconds[0]).toFixed(2)}x (target: 5.5x or less)`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

function reachBench(runs: number): void {
    const reach = (argv: string[]) => median(runs, node, ["--require", "tsx/cjs", "tools/reach.ts", ...argv, "--timings"]);
    const checks = reach(["--stack", "lab", "--checks"]);
    const analysis = phase(checks.stderr, "indexing the network") + phase(checks.stderr, "analysing the checks");
    console.log(`\n  reach --stack lab --checks                   ${s(checks.seconds)}   [${checks.all.map(s).join(", ")}]   exit ${checks.code}; indexing + analysing ${(analysis * 1000).toFixed(0)} ms`);
    console.log(phases(checks.stderr));
    const query = reach(["--stack", "lab", "--from", "PRIVATE-01", "--to", "internet", "--port", "443"]);
    const added = phase(query.stderr, "indexing the network") + phase(query.stderr, "answering");
    console.log(`  reach --stack lab (one query)                ${s(query.seconds)}   [${query.all.map(s).join(", ")}]   the query adds ${(added * 1000).toFixed(0)} ms to the plan (target: under 100 ms)`);
    const dir = mkdtempSync(join(tmpdir(), "vpc-labs-bench-"));
    try {
        const file = join(dir, "bench-10000.json");
        writeFileSync(file, JSON.stringify(syntheticExport(10_000)));
        const big = reach(["--export", file, "--from", "WEB-0-0", "--to", "ssm.ap-northeast-2.amazonaws.com", "--port", "443"]);
        const answered = phase(big.stderr, "indexing the network") + phase(big.stderr, "answering");
        console.log(
            `  reach <export of 10,000 resources>           ${s(big.seconds)}   [${big.all.map(s).join(", ")}]   exit ${big.code}; reading ${s(phase(big.stderr, "reading the export"))}, indexing + answering ${(answered * 1000).toFixed(0)} ms (target: under 1 s)`,
        );
        console.log(phases(big.stderr));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * `engine --stack lab --preview` (the program under @pulumi/pulumi's cmd/run and the pack as a
 * plugin process, over gRPC to the stand-in engine) against `plan --stack lab` (target: 2x or less).
 */
function engineBench(runs: number): void {
    const plan = median(runs, node, ["--require", "tsx/cjs", "tools/plan.ts", "--stack", "lab"]);
    const engine = median(runs, node, ["--require", "tsx/cjs", "tools/engine.ts", "--stack", "lab", "--preview", "--json"]);
    const ratio = engine.seconds / plan.seconds;
    console.log(`\n  engine --stack lab --preview                 ${s(engine.seconds)}   [${engine.all.map(s).join(", ")}]   ${ratio.toFixed(2)}x plan --stack lab (target: 2x or less)${engine.code === 0 ? "" : `, exit ${engine.code}`}`);
}

if (require.main === module) {
    void main();
}

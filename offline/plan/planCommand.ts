import { mkdirSync, writeFileSync } from "fs";
import { dirname, resolve } from "path";
import { stringify } from "yaml";
import { analyseChecks, AnalysedCheck } from "../../analysis/reach/checks";
import { networkModel } from "../../analysis/reach/analyze";
import { RawConfig } from "../../config/reader";
import { ConfigError } from "../../lib/errors";
import { RecordedResource } from "../records";
import { PROJECT_DIR, readStackConfig, StackFileError } from "../stackFiles";
import { Console, describeError, EXIT, ExitCode, parseArgs, PROCESS_CONSOLE, Timings, UsageError } from "./cli";
import { configOverrides } from "./configOverrides";
import { loadProgram, Program, runStack } from "./programRunner";
import { policyResourcesOf } from "./reachModel";
import { isSecret, nameTag, ResourceGraph } from "./resourceGraph";
import { readStackExport, rootStackOf, toStackExport } from "./stackExport";
import { renderTree } from "./tree";
import { displayPath, evaluatePolicies, PolicyConfigFileError, PolicyVerdicts, renderVerdicts, stackPolicyConfig } from "./verdicts";

export const PLAN_USAGE = `Usage: npm run plan -- --stack <name> [--set key=value ...] [--export <file>] [--json] [--diagram <file.svg>]

Runs the program for a stack offline (no Pulumi CLI, no cloud credentials): reads
Pulumi.<name>.yaml over the defaults in Pulumi.yaml, prints the resource tree, the stack
outputs and the policy pack's verdicts (with policy/config.<name>.json when it exists).

  --stack <name>        the stack to plan (a committed Pulumi.<name>.yaml: dev, lab)
  --set key=value       override one vpc-labs: config key for this run (repeatable; the
                        value as it would be written in the stack file)
  --export <file>       also write the result as a stack export (pulumi stack export format)
  --json                print a machine-readable report instead of the tree
  --diagram <file.svg>  also draw the network topology as SVG
  --timings             print how long each phase took (to standard error)

Exit codes: 0 no mandatory violation; 1 a mandatory violation; 2 a config error (or a bad
command line, missing stack file, bad policy config); 3 the program failed otherwise (a bug).`;

/** The machine-readable report of `plan --json`. */
export interface PlanReport {
    readonly stack: string;
    readonly project: string;
    readonly region: string;
    readonly accountId: string;
    readonly resourceCount: number;
    readonly resources: readonly {
        readonly urn: string;
        readonly type: string;
        readonly name: string;
        readonly parent?: string;
        readonly custom: boolean;
        readonly id?: string;
        readonly nameTag?: string;
        readonly inputs: Record<string, unknown>;
    }[];
    readonly outputs: Record<string, unknown>;
    readonly policy: PolicyVerdicts;
    /** Each lab check with a connectivity probe: stated and analysed result, and the path. */
    readonly checks: readonly AnalysedCheck[];
    readonly export: string | null;
    readonly diagram: string | null;
}

/** Where the plan command finds the project and its program; tests point them elsewhere. */
export interface PlanOptions {
    /** The folder with Pulumi.yaml, the stack files and `policy/config.<stack>.json`. @default the project */
    readonly projectDir?: string;
    /** The program to run. @default the folder's `index.ts` */
    readonly program?: Program;
}

/**
 * `npm run plan`: the offline plan of a stack. Returns the exit code instead of exiting,
 * so tests run it in-process.
 */
export async function main(argv: readonly string[], io: Console = PROCESS_CONSOLE, options: PlanOptions = {}): Promise<ExitCode> {
    let args;
    let overrides: RawConfig = {};
    try {
        args = parseArgs(argv, [
            { name: "stack", takesValue: true },
            { name: "set", takesValue: true, repeatable: true },
            { name: "export", takesValue: true },
            { name: "diagram", takesValue: true },
            { name: "json", takesValue: false },
            { name: "timings", takesValue: false },
            { name: "help", takesValue: false },
        ]);
        if (args.flags.has("help")) {
            io.out(PLAN_USAGE);
            return EXIT.ok;
        }
        if (args.positional.length > 0) {
            throw new UsageError(`unexpected argument ${args.positional[0]}`);
        }
        if (!args.values.stack) {
            throw new UsageError("--stack is required");
        }
        overrides = configOverrides(args.lists.set ?? []);
    } catch (error) {
        io.err(`plan: ${(error as Error).message}\n\n${PLAN_USAGE}`);
        return EXIT.badInput;
    }
    const stack = args.values.stack;
    const json = args.flags.has("json");
    const timings = new Timings(args.flags.has("timings") ? io : undefined);
    const projectDir = options.projectDir ?? PROJECT_DIR;

    let run;
    try {
        readStackConfig(stack, projectDir); // a missing or broken stack file stops the plan before the program loads
        const program = options.program ?? loadProgram(projectDir);
        timings.mark("loading the program");
        run = await runStack(stack, projectDir, program, { overrides });
        timings.mark("running the program");
    } catch (error) {
        if (ConfigError.isConfigError(error) || error instanceof StackFileError) {
            io.err(error.message);
            if (json) {
                io.out(JSON.stringify({ stack, error: { kind: error.name, message: error.message } }, null, 2));
            }
            return EXIT.badInput;
        }
        const failure = await withFullStack(error, () => runStack(stack, projectDir, options.program, { fullStackTraces: true, overrides }));
        io.err(`plan: the program failed for stack ${stack}; this is a bug, not a config problem:\n${describeError(failure)}`);
        return EXIT.internalError;
    }

    // The plan reads its own export back, so it reports exactly what `policy` would on that file.
    const exportText = `${JSON.stringify(toStackExport(run), null, 2)}\n`;
    const resources = readStackExport(exportText).resources;
    // As `pulumi stack output` shows them: secrets masked.
    const outputs = maskSecrets(rootStackOf(resources)?.outputs ?? {}) as Record<string, unknown>;
    timings.mark("stack export");

    let verdicts: PolicyVerdicts;
    try {
        verdicts = await evaluatePolicies(resources, stackPolicyConfig(stack, projectDir));
        timings.mark("policy pack");
    } catch (error) {
        if (error instanceof PolicyConfigFileError) {
            io.err(error.message);
            return EXIT.badInput;
        }
        throw error;
    }

    const exportFile = args.values.export ? resolve(args.values.export) : undefined;
    if (exportFile) {
        writeFile(exportFile, exportText);
    }
    const diagramFile = args.values.diagram ? resolve(args.values.diagram) : undefined;
    if (diagramFile) {
        // Loaded only when asked for: Graphviz is WebAssembly that the plain plan never needs.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { topologySvg } = require("./diagram/render") as typeof import("./diagram/render");
        writeFile(diagramFile, await topologySvg(resources, `${run.project} · stack ${stack} · ${run.region}`));
        timings.mark("diagram");
    }

    if (json) {
        const report: PlanReport = {
            stack,
            project: run.project,
            region: run.region,
            accountId: run.accountId,
            resourceCount: resources.length,
            resources: resources.map((r) => reportedResource(r)),
            outputs,
            policy: verdicts,
            checks: analyseChecks(networkModel(policyResourcesOf(resources))),
            export: exportFile ? displayPath(exportFile) : null,
            diagram: diagramFile ? displayPath(diagramFile) : null,
        };
        io.out(JSON.stringify(report, null, 2));
    } else {
        io.out(`Offline plan of stack ${stack} (project ${run.project}, ${run.region}, account ${run.accountId}): ${resources.length} resources\n`);
        io.out(renderTree(resources, new ResourceGraph(resources)).join("\n"));
        io.out(`\nOutputs:\n${indent(stringify(outputs, { lineWidth: 0 }).trimEnd())}\n`);
        io.out(renderVerdicts(verdicts).join("\n"));
        for (const [label, file] of [["Stack export", exportFile], ["Diagram", diagramFile]] as const) {
            if (file) {
                io.out(`${label} written to ${displayPath(file)}`);
            }
        }
    }
    timings.mark("report");
    timings.print();
    return verdicts.summary.mandatory > 0 ? EXIT.mandatoryViolation : EXIT.ok;
}

/** The same failure with its whole stack trace: the run is repeated with full stack traces on. */
async function withFullStack(error: unknown, rerun: () => Promise<unknown>): Promise<unknown> {
    try {
        await rerun();
    } catch (again) {
        return again;
    }
    return error;
}

function reportedResource(r: RecordedResource): PlanReport["resources"][number] {
    const tag = nameTag(r);
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        ...(r.parent ? { parent: r.parent } : {}),
        custom: r.custom,
        ...(r.custom ? { id: r.id } : {}),
        ...(tag ? { nameTag: tag } : {}),
        inputs: r.inputs,
    };
}

function indent(text: string): string {
    return text
        .split("\n")
        .map((line) => `  ${line}`)
        .join("\n");
}

function writeFile(file: string, text: string): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
}

/** A value with every secret replaced by `[secret]`. */
function maskSecrets(value: unknown): unknown {
    if (isSecret(value)) {
        return "[secret]";
    }
    if (Array.isArray(value)) {
        return value.map(maskSecrets);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v)]));
    }
    return value;
}

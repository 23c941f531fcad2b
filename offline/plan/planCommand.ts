import { resolve } from "path";
import { stringify } from "yaml";
import { ConfigError } from "../../lib/errors";
import { checkOutputFile, OutputFileError, writeOutputFile } from "../../lib/files";
import { analyseChecks, AnalysedCheck } from "../../analysis/reach/checks";
import { networkModel } from "../../analysis/reach/analyze";
import { RawConfig } from "../../config/reader";
import { RecordedResource } from "../../lib/records";
import { offlineGaps } from "../offlineGaps";
import { PROJECT_DIR, readStackConfig, StackFileError } from "../../config/stackFiles";
import { Console, describeError, EXIT, ExitCode, npmSilentNote, OptionSpec, parseArgs, PROCESS_CONSOLE, Timings, unexpectedArgument, UsageError } from "./cli";
import { configOverrides } from "./configOverrides";
import { loadProgram, Program, runStack } from "./programRunner";
import { policyResourcesOf } from "./reachModel";
import { isSecret, nameTag, ResourceGraph } from "./resourceGraph";
import { readStackExport, rootStackOf, toStackExport } from "./stackExport";
import { renderTree } from "./tree";
import { QuotaReport, renderQuotaReport } from "../../analysis/quotas/report";
import { renderEstimates, StackEstimates, stackEstimates } from "./estimates";
import { choosePolicyConfig } from "./policyConfigChoice";
import { planQuotaReport } from "./quotaSection";
import { displayPath, evaluatePolicies, PolicyConfigFileError, PolicyVerdicts, renderVerdicts } from "./verdicts";

export const PLAN_USAGE = `Usage: npm run plan -- --stack <name> [--set key=value ...] [--export <file>] [--json] [--diagram <file.svg>]

Runs the program for a stack offline (no Pulumi CLI, no cloud credentials): reads
Pulumi.<name>.yaml over the defaults in Pulumi.yaml, prints the resource tree, the stack
outputs, the estimated cost per hour and deploy time, and the policy pack's verdicts (with
policy/config.<name>.json when it exists).

  --stack <name>        the stack to plan (a committed Pulumi.<name>.yaml: dev, lab)
  --set key=value       override one vpc-labs: config key for this run (repeatable; the
                        value as it would be written in the stack file)
  --export <file>       also write the result as a stack export (pulumi stack export format)
  --json                print a machine-readable report instead of the tree
  --diagram <file.svg>  also draw the network topology as SVG
  --timings             print how long each phase took (to standard error)

${npmSilentNote("plan")}

Exit codes: 0 no mandatory violation; 1 a mandatory violation; 2 a config error (or a bad
command line, a missing or unreadable stack file, a bad policy config, an --export or
--diagram path that cannot be written); 3 the program failed otherwise (a bug).`;


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
    /** On-demand cost per hour and per 30 days (analysis/cost). */
    readonly cost: StackEstimates["cost"];
    /** Expected duration of the first `pulumi up` and its critical path (analysis/deployTime). */
    readonly deployTime: StackEstimates["deployTime"];
    /** The quota preflight against the AWS defaults (absent for a stack of another program). */
    readonly quotas?: QuotaReport;
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

/** The options `npm run plan` takes (the docs' command check reads them too). */
export const PLAN_OPTIONS: readonly OptionSpec[] = [
    { name: "stack", takesValue: true },
    { name: "set", takesValue: true, repeatable: true },
    { name: "export", takesValue: true },
    { name: "diagram", takesValue: true },
    { name: "json", takesValue: false },
    { name: "timings", takesValue: false },
    { name: "help", takesValue: false },
];

/**
 * `npm run plan`: the offline plan of a stack. Returns the exit code instead of exiting,
 * so tests run it in-process.
 */
export async function main(argv: readonly string[], io: Console = PROCESS_CONSOLE, options: PlanOptions = {}): Promise<ExitCode> {
    let args;
    let overrides: RawConfig = {};
    try {
        args = parseArgs(argv, PLAN_OPTIONS);
        if (args.flags.has("help")) {
            io.out(PLAN_USAGE);
            return EXIT.ok;
        }
        if (args.positional.length > 0) {
            throw unexpectedArgument(args.positional[0], PLAN_OPTIONS);
        }
        if (!args.values.stack) {
            throw new UsageError("--stack is required");
        }
        if (args.values.export && args.values.diagram && resolve(args.values.export) === resolve(args.values.diagram)) {
            throw new UsageError(`--export and --diagram name the same file ${args.values.export}; give each its own`);
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
    const exportFile = args.values.export ? resolve(args.values.export) : undefined;
    const diagramFile = args.values.diagram ? resolve(args.values.diagram) : undefined;
    try {
        // Before the program runs: a path that cannot be written fails now, not after the run.
        for (const [option, file] of [["--export", exportFile], ["--diagram", diagramFile]] as const) {
            if (file) {
                checkOutputFile(file, option);
            }
        }
    } catch (error) {
        return reportBadOutput(error as OutputFileError, stack, json, io);
    }

    let run;
    let raw: RawConfig;
    try {
        raw = { ...readStackConfig(stack, projectDir), ...overrides }; // a missing or broken stack file stops the plan before the program loads
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

    for (const gap of offlineGaps(raw, run.region)) {
        io.err(`warning: ${gap}`);
    }

    // The plan reads its own export back, so it reports exactly what `policy` would on that file.
    const exportText = `${JSON.stringify(toStackExport(run), null, 2)}\n`;
    const resources = readStackExport(exportText).resources;
    // As `pulumi stack output` shows them: secrets masked.
    const outputs = maskSecrets(rootStackOf(resources)?.outputs ?? {}) as Record<string, unknown>;
    timings.mark("stack export");

    let verdicts: PolicyVerdicts;
    try {
        const choice = choosePolicyConfig(stack, projectDir);
        verdicts = await evaluatePolicies(resources, choice.file, choice.chosenBy);
        timings.mark("policy pack");
    } catch (error) {
        if (error instanceof PolicyConfigFileError) {
            io.err(error.message);
            return EXIT.badInput;
        }
        throw error;
    }

    const quotas = planQuotaReport(stack, projectDir);
    timings.mark("quota preflight");

    const estimates = stackEstimates(resources);
    timings.mark("cost and deploy time");

    try {
        if (exportFile) {
            writeOutputFile(exportFile, exportText, "--export");
        }
        if (diagramFile) {
            // Loaded only when asked for: Graphviz is WebAssembly that the plain plan never needs.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { topologySvg } = require("./diagram/render") as typeof import("./diagram/render");
            writeOutputFile(diagramFile, await topologySvg(resources, `${run.project} · stack ${stack} · ${run.region}`), "--diagram");
            timings.mark("diagram");
        }
    } catch (error) {
        if (error instanceof OutputFileError) {
            return reportBadOutput(error, stack, json, io);
        }
        throw error;
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
            cost: estimates.cost,
            deployTime: estimates.deployTime,
            ...(quotas ? { quotas } : {}),
            checks: analyseChecks(networkModel(policyResourcesOf(resources))),
            export: exportFile ? displayPath(exportFile) : null,
            diagram: diagramFile ? displayPath(diagramFile) : null,
        };
        io.out(JSON.stringify(report, null, 2));
    } else {
        io.out(`Offline plan of stack ${stack} (project ${run.project}, ${run.region}, account ${run.accountId}): ${resources.length} resources\n`);
        io.out(renderTree(resources, new ResourceGraph(resources)).join("\n"));
        io.out(`\nOutputs:\n${indent(stringify(outputs, { lineWidth: 0 }).trimEnd())}\n`);
        io.out(`${renderEstimates(estimates).join("\n")}\n`);
        if (quotas) {
            io.out(`${renderQuotaReport(quotas).join("\n")}\n`);
        }
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

/** A path the plan cannot write: exit code 2, the message on standard error (and as JSON under --json). */
function reportBadOutput(error: OutputFileError, stack: string, json: boolean, io: Console): ExitCode {
    io.err(`plan: ${error.message}`);
    if (json) {
        io.out(JSON.stringify({ stack, error: { kind: error.name, message: error.message } }, null, 2));
    }
    return EXIT.badInput;
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

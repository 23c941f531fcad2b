import { resolve } from "path";
import { PROJECT } from "../../config/keys";
import { excerpt } from "../../lib/errors";
import { checkOutputFile, OutputFileError, readRegularFile, writeOutputFile } from "../../lib/files";
import { estimateRecordedCost } from "../../analysis/cost/fromRecords";
import { CostEstimate } from "../../analysis/cost/estimate";
import { renderCost } from "../../analysis/cost/render";
import { PROJECT_DIR } from "../../config/stackFiles";
import { Console, describeError, EXIT, ExitCode, npmSilentNote, OptionSpec, parseArgs, PROCESS_CONSOLE, Timings, UsageError } from "./cli";
import { ExportFormatError, readStackExport } from "./stackExport";
import { choosePolicyConfig } from "./policyConfigChoice";
import { displayPath, evaluatePolicies, PolicyConfigFileError, PolicyVerdicts, renderVerdicts } from "./verdicts";

export const POLICY_USAGE = `Usage: npm run policy -- <stack-export.json> [--config <policy-config.json>] [--json] [--diagram <file.svg>] [--cost]

Evaluates the policy pack against a stack export: one written by \`npm run plan -- --export\`,
or one taken from a deployed stack with \`pulumi stack export --show-secrets > stack.json\`.

  --config <file>       policy config (the JSON --policy-pack-config takes); default: the
                        one the export's stack file names (vpc-labs:policyConfig), else
                        policy/config.<stack>.json when this project has one, else the
                        pack's defaults
  --json                print a machine-readable report
  --diagram <file.svg>  also draw the network topology of the exported stack as SVG
  --cost                also estimate what the exported stack costs per hour (analysis/cost)
  --timings             print how long each phase took (to standard error)

${npmSilentNote("policy")}

Exit codes: 0 no mandatory violation; 1 a mandatory violation; 2 a bad command line, a
missing, unreadable or invalid export or policy config, or a --diagram path that cannot be
written; 3 an unexpected failure (a bug).`;

/** The machine-readable report of `policy --json`. */
export interface PolicyReport extends PolicyVerdicts {
    readonly export: string;
    readonly stack: string | null;
    readonly project: string | null;
    readonly resourceCount: number;
    /** With --cost: the on-demand cost estimate of the exported resources. */
    readonly cost?: CostEstimate;
}

export interface PolicyOptions {
    readonly projectDir?: string;
}

/** The options `npm run policy` takes (the docs' command check reads them too). */
export const POLICY_OPTIONS: readonly OptionSpec[] = [
    { name: "config", takesValue: true },
    { name: "diagram", takesValue: true },
    { name: "json", takesValue: false },
    { name: "cost", takesValue: false },
    { name: "timings", takesValue: false },
    { name: "help", takesValue: false },
];

/** `npm run policy`: the policy pack's verdict on a stack export. Returns the exit code. */
export async function main(argv: readonly string[], io: Console = PROCESS_CONSOLE, options: PolicyOptions = {}): Promise<ExitCode> {
    let args;
    try {
        args = parseArgs(argv, POLICY_OPTIONS);
        if (args.flags.has("help")) {
            io.out(POLICY_USAGE);
            return EXIT.ok;
        }
        if (args.positional.length !== 1) {
            throw new UsageError(args.positional.length === 0 ? "name the stack export to check" : `one stack export at a time; got ${excerpt(args.positional.join(", "))}`);
        }
    } catch (error) {
        io.err(`policy: ${(error as Error).message}\n\n${POLICY_USAGE}`);
        return EXIT.badInput;
    }
    const exportFile = resolve(args.positional[0]);
    const timings = new Timings(args.flags.has("timings") ? io : undefined);
    try {
        const diagramFile = args.values.diagram ? resolve(args.values.diagram) : undefined;
        if (diagramFile) {
            checkOutputFile(diagramFile, "--diagram");
        }
        const text = readRegularFile(exportFile, (reason) =>
            reason === "no such file or directory"
                ? new ExportFormatError(`stack export ${args.positional[0]} does not exist`)
                : new ExportFormatError(`stack export ${args.positional[0]} cannot be read: ${reason}`),
        );
        const read = readStackExport(text, displayPath(exportFile));
        timings.mark("reading the export");
        const choice = args.values.config
            ? { file: resolve(args.values.config), chosenBy: undefined }
            : read.project === PROJECT && read.stack
              ? choosePolicyConfig(read.stack, options.projectDir ?? PROJECT_DIR)
              : { file: undefined, chosenBy: undefined };
        const verdicts = await evaluatePolicies(read.resources, choice.file, choice.chosenBy);
        timings.mark("policy pack");
        if (diagramFile) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { topologySvg } = require("./diagram/render") as typeof import("./diagram/render");
            writeOutputFile(diagramFile, await topologySvg(read.resources, `${read.project ?? "stack"} · stack ${read.stack ?? "?"} (export)`), "--diagram");
            timings.mark("diagram");
        }
        const cost = args.flags.has("cost") ? estimateRecordedCost(read.resources) : undefined;
        if (cost) {
            timings.mark("cost estimate");
        }
        if (args.flags.has("json")) {
            const report: PolicyReport = {
                export: displayPath(exportFile),
                stack: read.stack ?? null,
                project: read.project ?? null,
                resourceCount: read.resources.length,
                ...verdicts,
                ...(cost ? { cost } : {}),
            };
            io.out(JSON.stringify(report, null, 2));
        } else {
            const notes = [
                read.pendingDeletes > 0 ? `${plural(read.pendingDeletes, "resource")} pending deletion left out` : undefined,
                read.pendingOperations > 0 ? `${plural(read.pendingOperations, "operation")} still pending when it was exported` : undefined,
            ].filter(Boolean);
            io.out(`Stack export ${displayPath(exportFile)}: stack ${read.stack ?? "?"} of project ${read.project ?? "?"}, ${read.resources.length} resources${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`);
            if (cost) {
                io.out(renderCost(cost).join("\n"));
            }
            io.out(renderVerdicts(verdicts).join("\n"));
        }
        timings.mark("report");
        timings.print();
        return verdicts.summary.mandatory > 0 ? EXIT.mandatoryViolation : EXIT.ok;
    } catch (error) {
        if (error instanceof ExportFormatError || error instanceof PolicyConfigFileError || error instanceof OutputFileError) {
            io.err(error instanceof OutputFileError ? `policy: ${error.message}` : error.message);
            if (args.flags.has("json")) {
                io.out(JSON.stringify({ export: displayPath(exportFile), error: { kind: error.name, message: error.message } }, null, 2));
            }
            return EXIT.badInput;
        }
        io.err(`policy: unexpected failure; this is a bug:\n${describeError(error)}`);
        return EXIT.internalError;
    }
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

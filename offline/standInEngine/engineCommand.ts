import { resolve } from "path";
import { ConfigError, excerpt } from "../../lib/errors";
import { PROJECT } from "../../config/keys";
import { validateStackConfig } from "../../config/validate";
import { RawConfig } from "../../config/reader";
import { fakeAccount } from "../engine";
import { checkOutputFile, OutputFileError, writeOutputFile } from "../../lib/files";
import { Console, EXIT, ExitCode, OptionSpec, parseArgs, PROCESS_CONSOLE, UsageError } from "../plan/cli";
import { configOverrides } from "../plan/configOverrides";
import { choosePolicyConfig } from "../plan/policyConfigChoice";
import { readStackExport, rootStackOf, toStackExport } from "../plan/stackExport";
import { PolicyConfigFileError, readPolicyConfig } from "../plan/verdicts";
import { PROJECT_DIR, readStackConfig, StackFileError } from "../../config/stackFiles";
import { PluginViolation } from "./analyzerPlugin";
import { ProgramCrash, runThroughStandIn, StandInRun } from "./standInRun";

export const ENGINE_USAGE = `Usage: npm run engine -- --stack <name> [--preview] [--set key=value ...] [--export <file>] [--policy-config <file>] [--json]

Runs the stack's program as the Pulumi CLI runs it, with no CLI and no cloud: a stand-in
engine serves the ResourceMonitor and Engine gRPC services, the program starts through
@pulumi/pulumi's cmd/run as the nodejs language host starts it, and the policy pack runs
as its own analyzer plugin process. IDs and outputs come from the offline fake cloud; with
--preview every output a provider computes at create time is unknown.

  --stack <name>          the stack (a committed Pulumi.<name>.yaml: dev, lab)
  --preview               run as \`pulumi preview\` (default: as \`pulumi up\`)
  --set key=value         override one vpc-labs: config key (repeatable)
  --export <file>         write a stack export of the update (not with --preview)
  --policy-config <file>  the pack's config, as --policy-pack-config takes it (default:
                          the stack's, as plan chooses it)
  --json                  print {mode, resources, policy: {violations}, unknowns}

Exit codes: 0 clean; 1 a mandatory violation; 2 bad input (command line, stack file,
config, policy config, export path); 3 the program, the pack or the stand-in crashed
(the program's own stack trace is shown).`;

/** The report `--json` prints. */
export interface EngineReport {
    readonly mode: "preview" | "update";
    readonly resources: readonly { readonly urn: string; readonly type: string; readonly parent?: string; readonly custom: boolean }[];
    readonly policy: { readonly violations: readonly PluginViolation[] };
    readonly unknowns: number;
}

function report(run: StandInRun): EngineReport {
    return {
        mode: run.mode,
        resources: run.resources.map((r) => ({ urn: r.urn, type: r.type, ...(r.parent ? { parent: r.parent } : {}), custom: r.custom })),
        policy: { violations: run.policy?.violations ?? [] },
        unknowns: run.unknowns,
    };
}

/**
 * The update as `pulumi stack export` writes it (the format `plan --export` writes), read back
 * through the same schema check `plan` passes its own export through.
 */
export function standInExportText(run: StandInRun): string {
    const outputs = rootStackOf(run.resources)?.outputs ?? {};
    const text = `${JSON.stringify(toStackExport({ stack: run.stack, project: PROJECT, resources: run.resources, outputs, region: run.region, accountId: run.accountId }), null, 2)}\n`;
    readStackExport(text, "the stand-in's export");
    return text;
}

/** `npm run engine`: see {@link ENGINE_USAGE}. */
/** The options `npm run engine` takes (the docs' command check reads them too). */
export const ENGINE_OPTIONS: readonly OptionSpec[] = [
    { name: "stack", takesValue: true },
    { name: "preview", takesValue: false },
    { name: "set", takesValue: true, repeatable: true },
    { name: "export", takesValue: true },
    { name: "policy-config", takesValue: true },
    { name: "json", takesValue: false },
    { name: "help", takesValue: false },
];

export async function main(argv: readonly string[], io: Console = PROCESS_CONSOLE, projectDir = PROJECT_DIR): Promise<ExitCode> {
    let args;
    let overrides: RawConfig;
    let exportFile: string | undefined;
    let policyConfig;
    try {
        args = parseArgs(argv, ENGINE_OPTIONS);
        if (args.flags.has("help")) {
            io.out(ENGINE_USAGE);
            return EXIT.ok;
        }
        if (args.positional.length > 0) {
            throw new UsageError(`unexpected argument ${excerpt(args.positional[0])}`);
        }
        if (!args.values.stack) {
            throw new UsageError("--stack is required");
        }
        if (args.values.export && args.flags.has("preview")) {
            throw new UsageError("--export writes the state of an update; a preview creates nothing to export: drop --preview or --export");
        }
        overrides = configOverrides(args.lists.set ?? []);
    } catch (error) {
        io.err(`engine: ${(error as Error).message}\n\n${ENGINE_USAGE}`);
        return EXIT.badInput;
    }
    const stack = args.values.stack;
    try {
        exportFile = args.values.export ? resolve(args.values.export) : undefined;
        if (exportFile) {
            checkOutputFile(exportFile, "--export");
        }
        // Bad config fails here, named by key, before any process starts (the program would fail the same way).
        const raw = { ...readStackConfig(stack, projectDir), ...overrides };
        const account = fakeAccount(raw["aws:region"] ? { region: raw["aws:region"] } : undefined);
        validateStackConfig(raw, { region: account.region, availableZones: account.availabilityZones });
        const file = args.values["policy-config"] ? resolve(args.values["policy-config"]) : choosePolicyConfig(stack, projectDir).file;
        policyConfig = file ? readPolicyConfig(file) : undefined;
    } catch (error) {
        if (ConfigError.isConfigError(error) || error instanceof StackFileError || error instanceof PolicyConfigFileError || error instanceof OutputFileError) {
            io.err(`engine: ${(error as Error).message}`);
            return EXIT.badInput;
        }
        throw error;
    }
    const mode = args.flags.has("preview") ? "preview" : "update";
    let run: StandInRun;
    try {
        run = await runThroughStandIn({ stack, mode, projectDir, overrides, policy: { config: policyConfig } });
    } catch (error) {
        const crash = error as ProgramCrash;
        io.err(`engine: ${stack} (${mode}): ${crash.message}`);
        if (crash.run?.program.stderr) {
            io.err(crash.run.program.stderr.trimEnd());
        }
        return EXIT.internalError;
    }
    if (exportFile) {
        writeOutputFile(exportFile, standInExportText(run), "--export");
    }
    const violations = run.policy?.violations ?? [];
    if (args.flags.has("json")) {
        io.out(JSON.stringify(report(run), null, 2));
    } else {
        for (const resource of run.resources) {
            io.out(`${mode === "preview" ? "+ plan  " : "+ create"} ${resource.type} ${resource.name}`);
        }
        io.out(`\n${run.resources.length} resources, ${run.unknowns} unknown values; policy pack ${run.policy?.identity.name}@${run.policy?.identity.version} (plugin process):`);
        for (const v of violations) {
            io.out(`  [${v.enforcementLevel}] ${v.policyName}${v.urn ? ` (${v.urn.split("::").pop()})` : ""}: ${v.message.split("\n").slice(1).join(" ") || v.message}`);
        }
        if (violations.length === 0) {
            io.out("  no violations");
        }
    }
    return violations.some((v) => v.enforcementLevel === "mandatory") ? EXIT.mandatoryViolation : EXIT.ok;
}

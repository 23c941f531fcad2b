import { readFileSync } from "fs";
import { resolve } from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { QUOTAS } from "../analysis/quotas/quotaTable";
import { expiryInstant } from "../config/classroom";
import { qualified } from "../config/keys";
import { didYouMean } from "../lib/closestNames";
import { ConfigError } from "../lib/errors";
import { Console, describeError, EXIT, ExitCode, OptionSpec, parseArgs, PROCESS_CONSOLE, unexpectedArgument, UsageError } from "../offline/plan/cli";
import { planQuotaReport } from "../offline/plan/quotaSection";
import { PROJECT_DIR, readStackConfig, StackFileError } from "../config/stackFiles";
import { placementOf, projectStacks } from "../config/classStacks";
import { initClass } from "./init";
import { Action, Outcome, runAction } from "./operations";
import { runBounded } from "./pool";

export const CLASSROOM_USAGE = `Usage: npm run classroom -- <command> [options]

  init --students <n> [--from lab] [--prefix student] [--classroom <name>]
       [--expires <date>] [--names <file>] [--force]
                        write Pulumi.<prefix>-01.yaml ... from Pulumi.<from>.yaml, each with
                        the student's name (Student tag), the expiry (ExpiresAt tag, default
                        in 7 days), the class and the source stack's policy config
  status  [--classroom <name>] [--parallel <n>]    the last update of every student stack
  up      [--classroom <name>] [--parallel <n>]    pulumi up every student stack, with the policy pack
  destroy [--classroom <name>] [--parallel <n>] [--expired] [--now <time>]
                        pulumi destroy every student stack (--expired: only those whose
                        ExpiresAt has passed, at --now if given)

status, up and destroy drive the Pulumi CLI through the Automation API, at most --parallel
stacks at once (default 4), print one line per stack as it finishes, go on past a failed
stack and end with every outcome. Exit codes: 0 all succeeded; 1 at least one stack failed;
2 a bad command line or stack file.`;

export interface ClassroomOptions {
    readonly projectDir?: string;
    /** The time `destroy --expired` compares with, and `init` counts the default expiry from. @default now */
    readonly now?: Date;
}

/** The options `npm run classroom` takes (the docs' command check reads them too). */
export const CLASSROOM_OPTIONS: readonly OptionSpec[] = [
    { name: "students", takesValue: true },
    { name: "from", takesValue: true },
    { name: "prefix", takesValue: true },
    { name: "classroom", takesValue: true },
    { name: "expires", takesValue: true },
    { name: "names", takesValue: true },
    { name: "force", takesValue: false },
    { name: "parallel", takesValue: true },
    { name: "expired", takesValue: false },
    { name: "now", takesValue: true },
    { name: "help", takesValue: false },
];

/** Each classroom command and the options it allows. */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
    init: ["students", "from", "prefix", "classroom", "expires", "names", "force"],
    status: ["classroom", "parallel"],
    up: ["classroom", "parallel"],
    destroy: ["classroom", "parallel", "expired", "now"],
};

/** `npm run classroom`: returns the exit code instead of exiting, so tests run it in-process. */
export async function main(argv: readonly string[], io: Console = PROCESS_CONSOLE, options: ClassroomOptions = {}): Promise<ExitCode> {
    const projectDir = options.projectDir ?? PROJECT_DIR;
    try {
        const args = parseArgs(argv, CLASSROOM_OPTIONS);
        if (args.flags.has("help")) {
            io.out(CLASSROOM_USAGE);
            return EXIT.ok;
        }
        const [command, ...rest] = args.positional;
        if (!command || !(command in ALLOWED)) {
            throw new UsageError(command ? `unknown command ${command}${didYouMean(command, Object.keys(ALLOWED))}` : "name a command: init, status, up or destroy");
        }
        if (rest.length > 0) {
            throw unexpectedArgument(rest[0], CLASSROOM_OPTIONS, { command });
        }
        const given = [...Object.keys(args.values), ...args.flags];
        const misplaced = given.find((name) => !ALLOWED[command].includes(name));
        if (misplaced) {
            throw new UsageError(`--${misplaced} does not apply to ${command}`);
        }
        if (command === "init") {
            return init(args.values, args.flags.has("force"), io, projectDir, options.now);
        }
        const parallel = args.values.parallel === undefined ? 4 : Number(args.values.parallel);
        if (!Number.isInteger(parallel) || parallel < 1 || parallel > 32) {
            throw new UsageError(`--parallel must be a whole number from 1 to 32; got ${args.values.parallel}`);
        }
        const now = args.values.now === undefined ? (options.now ?? new Date()) : expiryInstantOrThrow(args.values.now);
        return await drive(command as Action, { classroom: args.values.classroom, parallel, expired: args.flags.has("expired"), now }, io, projectDir);
    } catch (error) {
        if (error instanceof UsageError) {
            io.err(`classroom: ${error.message}\n\n${CLASSROOM_USAGE}`);
            return EXIT.badInput;
        }
        if (error instanceof StackFileError || error instanceof MissingCliError || ConfigError.isConfigError(error)) {
            io.err(`classroom: ${error.message}`);
            return EXIT.badInput;
        }
        io.err(`classroom: unexpected failure; this is a bug:\n${describeError(error)}`);
        return EXIT.internalError;
    }
}

function expiryInstantOrThrow(text: string): Date {
    const at = expiryInstant(text);
    if (!at) {
        throw new UsageError(`--now "${text}" is not an ISO 8601 date or UTC time`);
    }
    return at;
}

function init(values: Readonly<Record<string, string>>, force: boolean, io: Console, projectDir: string, today: Date | undefined): ExitCode {
    if (!values.students) {
        throw new UsageError("init needs --students <n>");
    }
    // The classroom layout of the originals is what a class deploys unless told otherwise.
    const from = values.from ?? "lab";
    const names = values.names
        ? readFileSync(resolve(values.names), "utf8")
              .split("\n")
              .map((line) => line.trim())
              .filter((line) => line !== "" && !line.startsWith("#"))
        : undefined;
    const result = initClass({
        projectDir,
        from,
        students: Number(values.students),
        prefix: values.prefix,
        classroom: values.classroom,
        names,
        expiresAt: values.expires,
        force,
        today,
    });
    io.out(`Wrote ${result.files.length} stack files for class ${result.classroom} from Pulumi.${from}.yaml: ${result.stacks[0]} ... ${result.stacks[result.stacks.length - 1]}`);
    io.out(`  expiry ${result.expiresAt}; policy config ${result.policyConfig ?? "the pack's defaults"}`);
    io.out(quotaLines(result.stacks[0], projectDir).join("\n"));
    return EXIT.ok;
}

/** The class's quota summary: what exceeds the AWS defaults, and how many students fit per account. */
function quotaLines(stack: string, projectDir: string): string[] {
    const report = planQuotaReport(stack, projectDir);
    if (!report) {
        return [];
    }
    const count = report.classStacks?.length ?? 1;
    const over = (report.classRows ?? report.rows).filter((row) => row.exceeds);
    const fit = report.fitPerAccount;
    const limit = fit.limitedBy ? ` (limited by ${QUOTAS[fit.limitedBy].name}${fit.limitedBy === "onDemandStandardVcpus" && fit.withoutVcpus !== null ? `; ${fit.withoutVcpus} once it is raised` : ""})` : "";
    return [
        `Quotas (${report.region}, AWS defaults): ${fit.count ?? "any number of"} student stack(s) fit per account${limit}; the class has ${count}.`,
        ...over.map((row) => `  ${row.quota.name} (${row.quota.serviceCode} ${row.quota.quotaCode}): the class needs ${row.total}, the default is ${row.value}`),
        ...(over.length > 0 ? ["  Request increases (see `npm run plan -- --stack <student>`), or split the class across accounts or Regions."] : []),
    ];
}

/** The Pulumi CLI cannot be run; exit code 2 without the usage text. */
class MissingCliError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MissingCliError";
    }
}

/** The Pulumi CLI, found on PATH as the Automation API finds it; a clear error when it is missing. */
async function requireCli(): Promise<void> {
    try {
        await PulumiCommand.get();
    } catch (error) {
        const cause = /Command failed[^\n]*/.exec(String((error as Error).message))?.[0] ?? String((error as Error).message).split("\n")[0];
        throw new MissingCliError(`the Pulumi CLI (pulumi on PATH) is needed for status, up and destroy and did not run (${cause}); install it from https://www.pulumi.com/docs/install/`);
    }
}

interface DriveOptions {
    readonly classroom?: string;
    readonly parallel: number;
    readonly expired: boolean;
    readonly now: Date;
}

/** The stacks of a class, by their stack files; the class is the only one when none is named. */
function classStacks(classroom: string | undefined, projectDir: string): { readonly name: string; readonly stacks: string[] } {
    const placements = projectStacks(projectDir).map((stack) => placementOf(stack, projectDir));
    const classes = [...new Set(placements.map((p) => p.classroom).filter((c): c is string => c !== undefined))].sort();
    const name = classroom ?? (classes.length === 1 ? classes[0] : undefined);
    if (name === undefined) {
        throw new UsageError(classes.length === 0 ? "no stack file belongs to a class; write one with init" : `name the class with --classroom: ${classes.join(", ")}`);
    }
    const stacks = placements.filter((p) => p.classroom === name).map((p) => p.stack);
    if (stacks.length === 0) {
        throw new UsageError(`no stack file belongs to class ${name}${classes.length > 0 ? `; the classes are ${classes.join(", ")}` : ""}`);
    }
    return { name, stacks };
}

async function drive(action: Action, options: DriveOptions, io: Console, projectDir: string): Promise<ExitCode> {
    const { name, stacks: all } = classStacks(options.classroom, projectDir);
    await requireCli();
    let stacks = all;
    if (action === "destroy" && options.expired) {
        stacks = all.filter((stack) => {
            const expiry = readStackConfig(stack, projectDir)[qualified("expiresAt")];
            const at = expiry ? expiryInstant(expiry) : undefined;
            return at !== undefined && at.getTime() < options.now.getTime();
        });
        io.out(`${stacks.length} of ${all.length} stacks of class ${name} expired before ${options.now.toISOString()}`);
        if (stacks.length === 0) {
            return EXIT.ok;
        }
    }
    if (action === "up") {
        io.out(quotaLines(stacks[0], projectDir).join("\n"));
    }
    io.out(`${action}: ${stacks.length} stacks of class ${name}, ${options.parallel} at a time`);
    const width = String(stacks.length).length;
    let finished = 0;
    const results = await runBounded(stacks, options.parallel, async (stack) => {
        const outcome = await runAction(action, stack, projectDir);
        finished += 1;
        io.out(`[${String(finished).padStart(width)}/${stacks.length}] ${stack}  ${outcome.result}  ${outcome.detail}  (${outcome.seconds.toFixed(1)} s)`);
        return outcome;
    });
    const outcomes = results.map((r, i): Outcome => ("error" in r ? { stack: stacks[i], action, result: "failed", detail: String(r.error), seconds: 0 } : r));
    const count = (result: Outcome["result"]) => outcomes.filter((o) => o.result === result).length;
    io.out(`\n${action} of class ${name}: ${count("succeeded")} succeeded, ${count("failed")} failed, ${count("skipped")} skipped`);
    for (const outcome of outcomes) {
        io.out(`  ${outcome.stack.padEnd(Math.max(...stacks.map((s) => s.length)))}  ${outcome.result.padEnd(9)}  ${outcome.detail}`);
    }
    return count("failed") > 0 ? EXIT.mandatoryViolation : EXIT.ok;
}

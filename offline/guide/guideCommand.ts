import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { basename, dirname, extname, join, relative, resolve } from "path";
import { ConfigError } from "../../lib/errors";
import { checkOutputFile, writeOutputFile } from "../../lib/files";
import { StackFileError } from "../../config/stackFiles";
import { Console, describeError, EXIT, ExitCode, OptionSpec, parseArgs, PROCESS_CONSOLE, unexpectedArgument, UsageError } from "../plan/cli";
import { displayPath } from "../plan/verdicts";
import { renderHtml } from "./html";
import { renderMarkdown } from "./markdown";
import { buildGuide, GuideModel, GuideOptions } from "./model";
import { Lang } from "./stageTexts";

export const GUIDE_USAGE = `Usage: npm run guide -- --stack <name> [--lang ko|en] [--out guide.md|guide.html] [--outputs <file>]

Renders the stack's labs as a handout, stage by stage: the pulumi up of each stage, the console
screens to look at, the topology, and every check with its command, expected result, wait and
troubleshooting hint. Runs every stage offline (no Pulumi CLI, no credentials).

  --stack <name>     the stack (a committed Pulumi.<name>.yaml: dev, lab)
  --lang ko|en       the language (default ko, the originals' language)
  --out <file>       write Markdown (.md; diagrams as SVG files in <file>-diagrams/) or one
                     self-contained HTML page (.html); default: Markdown on standard output
  --outputs <file>   a deployed stack's \`pulumi stack output --json\`: its IDs replace the offline plan's

Exit codes: 0 written; 2 a bad command line, stack file, config or outputs file; 3 a bug.`;


/** The folder a Markdown guide's diagrams go in, beside it. */
export function diagramFolder(mdFile: string): string {
    return join(dirname(mdFile), `${basename(mdFile, extname(mdFile))}-diagrams`);
}

/** The diagram of every stage that was built, as SVG in the guide's language, by `lab/stage`. */
export async function stageDiagrams(model: GuideModel, lang: Lang = "en"): Promise<Map<string, string>> {
    // Loaded on use: Graphviz is WebAssembly.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { topologySvg } = require("../plan/diagram/render") as typeof import("../plan/diagram/render");
    const diagrams = new Map<string, string>();
    for (const lab of model.labs) {
        for (const stage of lab.stages) {
            if (stage.kind === "stage") {
                diagrams.set(`${stage.lab}/${stage.stage}`, await topologySvg(stage.resources, `${model.project} · stack ${model.stack} · ${stage.lab} · ${stage.stage}`, lang));
            }
        }
    }
    return diagrams;
}

/**
 * Writes the guide to `file` (.md with its diagram folder, or .html) and returns the files
 * written. The output depends only on the stack and the options, so it can be committed.
 */
export async function writeGuide(model: GuideModel, lang: Lang, file: string): Promise<string[]> {
    const diagrams = await stageDiagrams(model, lang);
    if (extname(file) === ".html") {
        writeOutputFile(file, renderHtml(model, lang, diagrams), "--out");
        return [file];
    }
    const folder = diagramFolder(file);
    mkdirSync(folder, { recursive: true });
    const written = [file];
    for (const [key, svg] of diagrams) {
        const svgFile = join(folder, `${key.replace("/", "-")}.svg`);
        writeFileSync(svgFile, svg);
        written.push(svgFile);
    }
    const pathOf = (lab: string, stage: string) => (diagrams.has(`${lab}/${stage}`) ? relative(dirname(file), join(folder, `${lab}-${stage}.svg`)).split("\\").join("/") : undefined);
    writeOutputFile(file, renderMarkdown(model, lang, pathOf), "--out");
    return written;
}

/** The options `npm run guide` takes (the docs' command check reads them too). */
export const GUIDE_OPTIONS: readonly OptionSpec[] = [
    { name: "stack", takesValue: true },
    { name: "lang", takesValue: true },
    { name: "out", takesValue: true },
    { name: "outputs", takesValue: true },
    { name: "help", takesValue: false },
];

/** `npm run guide`. Returns the exit code, so tests run it in-process. */
export async function main(argv: readonly string[], io: Console = PROCESS_CONSOLE, options: Pick<GuideOptions, "projectDir" | "analyse"> = {}): Promise<ExitCode> {
    let stack: string, lang: Lang, out: string | undefined, outputsFile: string | undefined;
    try {
        const args = parseArgs(argv, GUIDE_OPTIONS);
        if (args.flags.has("help")) {
            io.out(GUIDE_USAGE);
            return EXIT.ok;
        }
        if (args.positional.length > 0) {
            throw unexpectedArgument(args.positional[0], GUIDE_OPTIONS);
        }
        if (!args.values.stack) {
            throw new UsageError("--stack is required");
        }
        stack = args.values.stack;
        const language = args.values.lang ?? "ko";
        if (language !== "ko" && language !== "en") {
            throw new UsageError(`--lang ${language}: use ko or en`);
        }
        lang = language;
        out = args.values.out;
        if (out !== undefined && ![".md", ".html"].includes(extname(out))) {
            throw new UsageError(`--out ${out}: name a .md or .html file`);
        }
        outputsFile = args.values.outputs;
        if (out !== undefined) {
            // Before the stages run: a path that cannot be written fails now, its folder never created.
            checkOutputFile(resolve(out), "--out");
        }
    } catch (error) {
        io.err(`guide: ${(error as Error).message}\n\n${GUIDE_USAGE}`);
        return EXIT.badInput;
    }
    let deployed: GuideOptions["deployed"];
    if (outputsFile !== undefined) {
        const parsed = readOutputs(outputsFile);
        if (typeof parsed === "string") {
            io.err(`guide: ${parsed}`);
            return EXIT.badInput;
        }
        deployed = { outputs: parsed, file: basename(outputsFile) };
    }
    let model: GuideModel;
    try {
        model = await buildGuide(stack, { ...options, deployed });
    } catch (error) {
        if (ConfigError.isConfigError(error) || error instanceof StackFileError) {
            io.err(error.message);
            return EXIT.badInput;
        }
        io.err(`guide: the program failed for stack ${stack}; this is a bug, not a config problem:\n${describeError(error)}`);
        return EXIT.internalError;
    }
    if (out === undefined) {
        io.out(renderMarkdown(model, lang));
        return EXIT.ok;
    }
    const written = await writeGuide(model, lang, resolve(out));
    io.err(`guide written to ${written.map(displayPath).join(", ")}`);
    return EXIT.ok;
}

/** The outputs file as an object, or why it cannot be used. */
function readOutputs(file: string): Record<string, unknown> | string {
    if (!existsSync(file)) {
        return `--outputs ${file} does not exist; save it with pulumi stack output --json > ${file}`;
    }
    try {
        const value: unknown = JSON.parse(readFileSync(file, "utf8"));
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            return `--outputs ${file} is not a JSON object; it should be what pulumi stack output --json prints`;
        }
        return value as Record<string, unknown>;
    } catch (error) {
        return `--outputs ${file} is not JSON (${(error as Error).message}); it should be what pulumi stack output --json prints`;
    }
}

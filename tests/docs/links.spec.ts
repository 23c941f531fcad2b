import * as assert from "assert";
import { existsSync, readdirSync, readFileSync } from "fs";
import { dirname, join, normalize } from "path";
import { ALLOWED as CLASSROOM_COMMANDS, CLASSROOM_OPTIONS } from "../../classroom/cli";
import { FLOWLOGS_OPTIONS } from "../../offline/flowLogs/parseCommand";
import { GUIDE_OPTIONS } from "../../offline/guide/guideCommand";
import { OptionSpec } from "../../offline/plan/cli";
import { PLAN_OPTIONS } from "../../offline/plan/planCommand";
import { POLICY_OPTIONS } from "../../offline/plan/policyCommand";
import { REACH_OPTIONS } from "../../offline/plan/reachCommand";
import { ENGINE_OPTIONS } from "../../offline/standInEngine/engineCommand";
import { PROJECT_DIR } from "../../config/stackFiles";
import { BENCH_OPTIONS } from "../../tools/bench";

/**
 * The README and docs/ pages: every relative link resolves (the file, and a heading for its
 * `#anchor`), and every command a `bash` block shows runs as written: `npm run <script>` names
 * a script of package.json, each `--option` is one the tool parses, a subcommand is one it has,
 * `npx tsx <file>` names a file of the project. Reads files only: nothing is spawned.
 */


/** What each npm script parses: its options and, for tools with subcommands, their names. */
const TOOLS: Readonly<Record<string, { readonly options: readonly OptionSpec[]; readonly commands?: readonly string[] }>> = {
    plan: { options: PLAN_OPTIONS },
    policy: { options: POLICY_OPTIONS },
    reach: { options: REACH_OPTIONS },
    guide: { options: GUIDE_OPTIONS },
    flowlogs: { options: FLOWLOGS_OPTIONS, commands: ["parse"] },
    classroom: { options: CLASSROOM_OPTIONS, commands: Object.keys(CLASSROOM_COMMANDS) },
    bench: { options: BENCH_OPTIONS },
    engine: { options: ENGINE_OPTIONS },
};

const SCRIPTS: Readonly<Record<string, string>> = JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")).scripts;
const PAGES = ["README.md", ...readdirSync(join(PROJECT_DIR, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** A page's lines outside fenced code blocks, and the bodies of its `bash` blocks. */
function split(text: string): { prose: string[]; bash: string[] } {
    const prose: string[] = [];
    const bash: string[] = [];
    let fence: string | undefined;
    for (const line of text.split("\n")) {
        const opening = /^```(\w*)/.exec(line);
        if (opening) {
            fence = fence === undefined ? opening[1] : undefined;
        } else if (fence === undefined) {
            prose.push(line);
        } else if (fence === "bash") {
            bash.push(line);
        }
    }
    return { prose, bash };
}

/**
 * The anchors of a page: GitHub's for each heading (lower case, punctuation dropped, spaces to
 * dashes; repeats get -1, -2) and each `<a id="...">` (the generated guide marks its stages so).
 */
export function headingAnchors(text: string): Set<string> {
    const anchors = new Set<string>();
    const counts = new Map<string, number>();
    for (const line of split(text).prose) {
        for (const element of line.matchAll(/<a id="([^"]+)"><\/a>/g)) {
            anchors.add(element[1]);
        }
        const heading = /^#{1,6} (.+)$/.exec(line);
        if (!heading) {
            continue;
        }
        const base = heading[1]
            .trim()
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, "")
            .replace(/\s/g, "-");
        const seen = counts.get(base) ?? 0;
        counts.set(base, seen + 1);
        anchors.add(seen === 0 ? base : `${base}-${seen}`);
    }
    return anchors;
}

/** Relative link targets of a page's prose (inline links and images; code spans excluded). */
function relativeLinks(text: string): string[] {
    const prose = split(text).prose.join("\n").replace(/`[^`\n]*`/g, "");
    return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z]+:/.test(target));
}

/** What is wrong with a link from `page` to `target`, or undefined. */
function linkProblem(page: string, target: string): string | undefined {
    const [pathPart, anchor] = target.split("#");
    const file = pathPart === "" ? page : normalize(join(dirname(page), decodeURI(pathPart)));
    if (file.startsWith("..")) {
        return "points outside the project";
    }
    if (!existsSync(join(PROJECT_DIR, file))) {
        return `${file} does not exist`;
    }
    if (anchor !== undefined && file.endsWith(".md") && !headingAnchors(readFileSync(join(PROJECT_DIR, file), "utf8")).has(anchor)) {
        return `${file} has no heading #${anchor}`;
    }
    return undefined;
}

/** The commands of one shell line: split at pipes, `&&` and `;`, comments and a `$ ` prompt dropped. */
function commandsOf(line: string): string[][] {
    const code = line.replace(/^\$ /, "").replace(/(^|\s)#.*$/, "");
    return code
        .split(/\|\||&&|\||;/)
        .map((part) => part.trim().split(/\s+/).filter((token) => token !== ""))
        .filter((tokens) => tokens.length > 0);
}

/** What is wrong with one command as the docs show it, or undefined (commands other than npm/npx are not checked). */
export function commandProblem(tokens: readonly string[]): string | undefined {
    if (tokens[0] === "npx" && tokens[1] === "tsx") {
        return existsSync(join(PROJECT_DIR, tokens[2] ?? "")) ? undefined : `npx tsx: no file ${tokens[2]}`;
    }
    if (tokens[0] !== "npm" || tokens[1] !== "run") {
        return undefined;
    }
    if (tokens[2] === "-s" || tokens[2] === "--silent") {
        // `npm run -s <script>`: npm's own flag (no banner), before the script's name.
        return commandProblem(["npm", "run", ...tokens.slice(3)]);
    }
    const script = tokens[2];
    if (!(script in SCRIPTS)) {
        return `npm run ${script}: package.json has no such script`;
    }
    const args = tokens.slice(3);
    if (args.length === 0) {
        return undefined;
    }
    if (args[0] !== "--") {
        return `npm run ${script} ${args[0]}: options reach the tool only after --`;
    }
    const tool = TOOLS[script];
    if (!tool) {
        return `npm run ${script}: the docs pass it options, but this check does not know the options it takes; add it to TOOLS`;
    }
    const positional: string[] = [];
    for (let i = 1; i < args.length; i++) {
        // `[--prefix student]` marks an optional part; `> file` and `< file` are the shell's.
        const token = args[i].replace(/^\[|\]$/g, "");
        if (token === ">" || token === "<") {
            i++;
            continue;
        }
        if (!token.startsWith("--")) {
            positional.push(token);
            continue;
        }
        const [name, inline] = token.slice(2).split("=");
        const option = tool.options.find((o) => o.name === name);
        if (!option) {
            return `npm run ${script}: no option --${name}; it takes ${tool.options.map((o) => `--${o.name}`).join(", ")}`;
        }
        if (option.takesValue && inline === undefined) {
            i++;
        }
    }
    if (tool.commands && !tool.commands.includes(positional[0] ?? "")) {
        return `npm run ${script}: ${positional[0] === undefined ? "no command" : `no command ${positional[0]}`}; it has ${tool.commands.join(", ")}`;
    }
    return undefined;
}

describe("README.md and docs/", () => {
    it("link only to files and headings that exist", () => {
        const problems = PAGES.flatMap((page) =>
            relativeLinks(readFileSync(join(PROJECT_DIR, page), "utf8")).flatMap((target) => {
                const problem = linkProblem(page, target);
                return problem ? [`${page}: (${target}) ${problem}`] : [];
            }),
        );
        assert.deepStrictEqual(problems, []);
    });

    it("show only commands that run: npm scripts of package.json with the options their tools take", () => {
        let checked = 0;
        const problems = PAGES.flatMap((page) =>
            split(readFileSync(join(PROJECT_DIR, page), "utf8")).bash.flatMap((line) =>
                commandsOf(line).flatMap((tokens) => {
                    checked += tokens[0] === "npm" || tokens[0] === "npx" ? 1 : 0;
                    const problem = commandProblem(tokens);
                    return problem ? [`${page}: ${problem}`] : [];
                }),
            ),
        );
        assert.deepStrictEqual(problems, []);
        // The docs show some 30 npm commands; far fewer means the bash blocks were not found.
        assert.ok(checked >= 25, `only ${checked} npm/npx commands found`);
    });

    it("finds a wrong script, option, subcommand or file, and a missing heading", () => {
        assert.strictEqual(commandProblem(["npm", "run", "plan", "--", "--stack", "lab", "--diagram", "x.svg"]), undefined);
        assert.strictEqual(commandProblem(["npm", "run", "plans"]), "npm run plans: package.json has no such script");
        assert.strictEqual(commandProblem(["npm", "run", "-s", "plan", "--", "--stack", "lab", "--json"]), undefined);
        assert.match(commandProblem(["npm", "run", "-s", "engine", "--", "--stak", "lab"]) ?? "", /^npm run engine: no option --stak; it takes --stack, --preview/);
        assert.match(commandProblem(["npm", "run", "plan", "--", "--stak", "lab"]) ?? "", /^npm run plan: no option --stak; it takes --stack, --set/);
        assert.strictEqual(commandProblem(["npm", "run", "plan", "--stack", "lab"]), "npm run plan --stack: options reach the tool only after --");
        assert.strictEqual(commandProblem(["npm", "run", "classroom", "--", "teardown"]), "npm run classroom: no command teardown; it has init, status, up, destroy");
        assert.strictEqual(commandProblem(["npm", "run", "reach", "--", "--from", "--to"]), undefined, "an option's value is not read as an option");
        assert.strictEqual(commandProblem(["npx", "tsx", "tools/noSuchTool.ts"]), "npx tsx: no file tools/noSuchTool.ts");
        assert.deepStrictEqual(commandsOf("$ a --x | npm run flowlogs -- parse - --stack lab # note"), [["a", "--x"], ["npm", "run", "flowlogs", "--", "parse", "-", "--stack", "lab"]]);
        assert.deepStrictEqual([...headingAnchors('# Lab "endpoints": gateway vs interface endpoints\n## Flow logs\n```\n# not a heading\n```\n## Flow logs\n<a id="nat"></a>')], [
            "lab-endpoints-gateway-vs-interface-endpoints",
            "flow-logs",
            "flow-logs-1",
            "nat",
        ]);
        assert.strictEqual(linkProblem("README.md", "docs/labs.md#no-such-heading"), "docs/labs.md has no heading #no-such-heading");
        assert.strictEqual(linkProblem("docs/labs.md", "../../outside.md"), "points outside the project");
    });

    it("keep the README an entry: at most 200 lines, a link to every docs/ page", () => {
        const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
        assert.ok(readme.split("\n").length <= 200, `README.md has ${readme.split("\n").length} lines`);
        const linked = new Set(relativeLinks(readme).map((t) => t.split("#")[0]));
        assert.deepStrictEqual(
            PAGES.filter((page) => page !== "README.md" && !linked.has(page)),
            [],
        );
    });
});

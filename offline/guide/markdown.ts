import { noteKorean } from "./finalChecksKo";
import { checkTexts, LABELS, stageAnchor } from "./labels";
import { GuideCheck, GuideModel, GuideSkippedStage, GuideStage } from "./model";
import { Lang } from "./stageTexts";

/** Where the Markdown guide finds a stage's diagram (a path relative to the guide file). */
export type DiagramPath = (lab: string, stage: string) => string | undefined;

/** The guide as Markdown: one section per lab, one per stage, every check numbered. */
export function renderMarkdown(model: GuideModel, lang: Lang, diagramPath: DiagramPath = () => undefined): string {
    const l = LABELS[lang];
    const lines: string[] = [`# ${l.title(model)}`, "", l.intro, "", model.ids.kind === "offline" ? l.idsOffline.replace("STACK", model.stack) : l.idsDeployed(model.ids.file), "", `## ${l.contents}`, ""];
    for (const lab of model.labs) {
        lines.push(`- ${lab.text.title[lang]}`);
        for (const stage of lab.stages) {
            lines.push(`  - [${stage.text.title[lang]}](#${stageAnchor(lab.lab, stage.stage)})`);
        }
    }
    for (const lab of model.labs) {
        lines.push("", `## ${lab.text.title[lang]}`, "", lab.text.summary[lang], "", `_${lab.text.source[lang]}_`);
        for (const stage of lab.stages) {
            lines.push("", `<a id="${stageAnchor(lab.lab, stage.stage)}"></a>`, "", `### ${l.stage(stage.position, stage.count)}: ${stage.text.title[lang]}`, "");
            lines.push(...(stage.kind === "skipped" ? skippedStage(stage, lang) : stageSection(stage, lang, diagramPath)));
        }
    }
    return `${lines.join("\n")}\n`;
}

function skippedStage(stage: GuideSkippedStage, lang: Lang): string[] {
    return [`**${LABELS[lang].skipped}.** ${stage.reason[lang]}`];
}

function stageSection(stage: GuideStage, lang: Lang, diagramPath: DiagramPath): string[] {
    const l = LABELS[lang];
    const lines = [`**${l.changes}.** ${stage.text.changes[lang]}`, "", `**${l.run}**`, "", "```bash", stage.command, "```", ""];
    if (stage.text.wait) {
        lines.push(`**${l.wait}.** ${stage.text.wait[lang]}`, "");
    }
    lines.push(`**${l.console}**`, "", ...stage.text.console.map((screen) => `- ${screen[lang]}`), "");
    const diagram = diagramPath(stage.lab, stage.stage);
    if (diagram) {
        lines.push(`**${l.topology}** (${l.resources(stage.resourceCount)})`, "", `![${stage.lab} ${stage.stage}](${diagram})`, "");
    }
    lines.push(`**${l.checks}**`, "");
    stage.checks.forEach((check, i) => lines.push(...checkItem(check, i + 1, lang), ""));
    if (stage.notes.length > 0) {
        lines.push(`**${l.alsoAffected}**`, "", ...stage.notes.map((note) => `- ${lang === "ko" ? noteKorean(note) : note}`), "");
    }
    return lines.slice(0, -1);
}

function checkItem(item: GuideCheck, number: number, lang: Lang): string[] {
    const l = LABELS[lang];
    const { check } = item;
    const t = checkTexts(check, lang);
    const lines = [`${number}. \`${check.id}\`${t.original ? ` ${l.original}` : ""}`, `   - ${l.where}: ${t.where}`];
    if (check.waitSeconds) {
        lines.push(`   - ${l.wait}: ${l.waitBefore(check.waitSeconds)}`);
    }
    lines.push("", "   ```bash", ...check.command.split("\n").map((line) => `   ${line}`), "   ```", "");
    lines.push(`   - ${l.expected}: ${indentLines(t.expected)}`);
    if (item.expectation) {
        lines.push(`   - ${l.reachLabel}: ${l.reach(item.expectation)}`);
        if (item.contradicted) {
            lines.push(`   - **${l.contradiction}**`);
        }
        const records = item.expectation.flowLogRecords ?? [];
        if (records.length > 0) {
            lines.push(`   - ${l.flowLogsLabel}:`, ...records.map((r) => `     - ${l.flowLogRecord(r)}`));
        }
    }
    if (t.hint) {
        lines.push(`   - ${l.hint}: ${t.hint}`);
    }
    if (t.note) {
        lines.push(`   - ${l.note}: ${t.note}`);
    }
    if (item.offlineIds.length > 0) {
        lines.push(`   - ${l.offlineIds(item.offlineIds)}`);
    }
    return lines;
}

/** Multi-line expectations (route listings) as a line break plus an indented block. */
function indentLines(text: string): string {
    const [first, ...rest] = text.split("\n");
    return rest.length === 0 ? first : [first, "", "     ```", ...rest.map((line) => `     ${line}`), "     ```"].join("\n");
}

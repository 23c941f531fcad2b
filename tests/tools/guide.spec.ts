import * as assert from "assert";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { BufferConsole } from "../../offline/plan/cli";
import { main as guideMain } from "../../offline/guide/guideCommand";
import { renderHtml } from "../../offline/guide/html";
import { renderMarkdown } from "../../offline/guide/markdown";
import { buildGuide, GuideModel, GuideStage } from "../../offline/guide/model";
import { LAB_TEXTS, Lang, STAGE_TEXTS } from "../../offline/guide/stageTexts";
import { writeGuideExamples, GUIDE_EXAMPLES } from "../../tools/writeGuideExamples";
import { stackStageRuns } from "../fixtures/stageRuns";
import { scratchDir } from "./helpers";

const DOCS = join(__dirname, "..", "..", "docs");

/**
 * Runs of three or more lower-case English words in a page's text outside <pre>, <code> and
 * <style>: what a sentence looks like. Names (IMD-PRIVATE-NACL, NetworkAcl, Session Manager,
 * arn:aws:iam::...) have capitals, digits, hyphens or colons inside them and do not count.
 */
function englishSentences(html: string): string[] {
    const text = html
        .replace(/<(style|pre|code)[^>]*>[\s\S]*?<\/\1>/g, " ")
        .replace(/<[^>]+>/g, "\n")
        .replace(/&gt;/g, ">")
        .replace(/&lt;/g, "<")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&");
    return text.match(/(?<![\w:/-])[a-z]{2,}(?:(?:[ \t,;()/.]+|: +)[a-z]{2,}){2,}(?![\w:/-])/g) ?? [];
}
const built = (model: GuideModel): GuideStage[] => model.labs.flatMap((lab) => lab.stages.filter((s): s is GuideStage => s.kind === "stage"));
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe("the lab guide", () => {
    const models: Record<string, GuideModel> = {};
    before(async () => {
        for (const stack of ["lab", "dev"]) {
            models[stack] = await buildGuide(stack, { stageRuns: await stackStageRuns(stack) });
        }
    });

    for (const stack of ["lab", "dev"]) {
        for (const lang of ["ko", "en"] as const) {
            it(`renders stack ${stack} in ${lang} with every check exactly once, per lab and stage, in Markdown and HTML`, () => {
                const model = models[stack];
                const md = renderMarkdown(model, lang);
                const html = renderHtml(model, lang, new Map());
                for (const lab of model.labs) {
                    const stages = lab.stages.filter((s): s is GuideStage => s.kind === "stage");
                    const ids = stages.flatMap((s) => s.checks.map((c) => c.check.id));
                    assert.strictEqual(new Set(ids).size, ids.length, `${lab.lab}: check ids are unique`);
                    const section = md.slice(md.indexOf(`## ${lab.text.title[lang]}\n`));
                    const htmlSection = html.slice(html.indexOf(`<section class="lab"><h2>${lab.text.title[lang]}`));
                    for (const id of ids) {
                        assert.strictEqual(occurrences(section.split("\n## ")[0], `\`${id}\``), 1, `${lab.lab} ${id} in Markdown`);
                        assert.strictEqual(occurrences(htmlSection.split('<section class="lab">')[1] ?? htmlSection, `<span class="check-id">${id}</span>`), 1, `${lab.lab} ${id} in HTML`);
                    }
                    for (const stage of stages) {
                        assert.ok(md.includes(stage.command), `${lab.lab} ${stage.stage}: its pulumi up`);
                        for (const screen of stage.text.console) {
                            assert.ok(md.includes(screen[lang]), `${lab.lab} ${stage.stage}: console screen ${screen[lang]}`);
                        }
                    }
                }
            });
        }
    }

    it("has Korean texts for every check, the final stages' English-only ones included (with a bastion too)", async () => {
        const withBastion = await buildGuide("lab", { stageRuns: await stackStageRuns("lab", { "vpc-labs:bastionSsmOperatorCidr": "203.0.113.7/32" }) });
        for (const model of [models.lab, models.dev, withBastion]) {
            const untranslated = built(model).flatMap((s) => s.checks.filter((c) => !c.check.ko).map((c) => `${s.lab} ${s.stage} ${c.check.id}`));
            assert.deepStrictEqual(untranslated, [], model.stack);
            const ko = renderMarkdown(model, "ko");
            assert.ok(!ko.includes("영문 원문"));
            for (const stage of built(model)) {
                for (const { check } of stage.checks) {
                    assert.ok(/[가-힣]/.test(check.ko!.expected), `${check.id}: ${check.ko!.expected}`);
                    assert.ok(ko.includes(check.ko!.expected.split("\n")[0]), `${check.id} printed in Korean`);
                }
            }
        }
        const nacl = built(withBastion).find((s) => s.lab === "bastion-ssm" && s.stage === "nacl")!;
        assert.ok(nacl.notes.length >= 5);
        const ko = renderMarkdown(withBastion, "ko");
        assert.ok(ko.includes("BASTION을 거친 ssh -J와 터널"), "the NACL's consequences in Korean");
    });

    it("gives every stage its own pulumi up with the stage key and the stack's policy pack", () => {
        assert.deepStrictEqual(
            built(models.dev).filter((s) => s.lab === "bastion-ssm").map((s) => s.command),
            ["network", "ssm", "nacl", "nacl-off"].map((stage) => `pulumi up --stack dev --config vpc-labs:bastionSsmStage=${stage} --policy-pack policy --policy-pack-config policy/config.dev.json`),
        );
        const skipped = models.dev.labs.flatMap((l) => l.stages).filter((s) => s.kind === "skipped");
        assert.deepStrictEqual(skipped.map((s) => `${s.lab}:${s.stage}`), ["bastion-ssm:nat"]);
    });

    it("has the Korean and English texts of every lab and stage, in the originals' terms", () => {
        for (const [lab, stages] of Object.entries(STAGE_TEXTS)) {
            for (const lang of ["ko", "en"] as Lang[]) {
                assert.ok(LAB_TEXTS[lab as keyof typeof LAB_TEXTS].summary[lang].length > 40, `${lab} ${lang} summary`);
            }
            for (const [stage, text] of Object.entries(stages)) {
                for (const field of [text.title, text.changes, ...text.console]) {
                    assert.ok(field.en.length > 0 && field.ko.length > 0, `${lab} ${stage}`);
                    assert.ok(/[가-힣]/.test(field.ko), `${lab} ${stage}: Korean text is Korean: ${field.ko}`);
                }
            }
        }
        const ko = renderMarkdown(models.lab, "ko");
        for (const term of ["서브넷", "라우팅 테이블", "보안 그룹", "엔드포인트", "인터페이스 엔드포인트", "게이트웨이 엔드포인트", "네트워크 ACL", "엔드포인트 서비스"]) {
            assert.ok(ko.includes(term), `the Korean guide uses ${term}`);
        }
    });

    it("prints the IDs of this stack: the offline plan's, or a deployed stack's outputs", async () => {
        const endpoints = built(models.lab).find((s) => s.lab === "endpoints" && s.stage === "network")!;
        const runs = await stackStageRuns("lab");
        const outputs = runs.runs.find((r) => r.lab === "endpoints" && r.stage === "network")!.run.outputs as { endpoints: { vpcId: string; privateInstance: { instanceId: string } } };
        const offlineVpc = outputs.endpoints.vpcId;
        assert.ok(endpoints.checks.some((c) => c.check.command.includes(offlineVpc)), "the offline plan's VPC ID");
        const deployed = JSON.parse(JSON.stringify(outputs)) as typeof outputs;
        deployed.endpoints.vpcId = "vpc-0123456789abcdef0";
        deployed.endpoints.privateInstance.instanceId = "i-0fedcba9876543210";
        const model = await buildGuide("lab", { stageRuns: runs, deployed: { outputs: deployed, file: "outputs.json" } });
        const network = built(model).find((s) => s.lab === "endpoints" && s.stage === "network")!;
        const commands = network.checks.map((c) => c.check.command).join("\n");
        assert.ok(commands.includes("--vpc-id vpc-0123456789abcdef0"), "the deployed VPC ID");
        assert.ok(commands.includes("--target i-0fedcba9876543210"), "the deployed instance ID");
        assert.ok(!commands.includes(offlineVpc));
        // The route table IDs of this file are the offline plan's own: the check says so.
        const routes = network.checks.find((c) => c.check.id === "network-no-gateway-routes")!;
        const tables = Object.values((outputs.endpoints as unknown as { routeTableIds: Record<string, string> }).routeTableIds);
        assert.deepStrictEqual(routes.offlineIds, tables);
        assert.deepStrictEqual(network.checks.find((c) => c.check.id === "network-dns-hostnames")!.offlineIds, []);
        assert.ok(renderMarkdown(model, "en").includes("come from the deployed stack's outputs (outputs.json)"));
    });

    it("takes a connectivity check's verdict from the injected analysis step, and flags a disagreement", async () => {
        const model = await buildGuide("lab", {
            stageRuns: await stackStageRuns("lab"),
            analyse: (check) => ({ reachable: check.id === "network-s3-ping-private" ? true : check.probe.expectReachable, source: "analysis", detail: "test analysis" }),
        });
        const withProbe = built(model).flatMap((s) => s.checks).filter((c) => c.check.probe);
        assert.ok(withProbe.length >= 10, `${withProbe.length} connectivity checks`);
        assert.ok(withProbe.every((c) => c.expectation?.source === "analysis"));
        assert.deepStrictEqual(withProbe.filter((c) => c.contradicted).map((c) => c.check.id), ["network-s3-ping-private"]);
        const en = renderMarkdown(model, "en");
        assert.ok(en.includes("reachable (the offline reachability analysis of this stage): test analysis"));
        assert.strictEqual(occurrences(en, "disagrees with the expected text"), 1);
        // By default: the offline reachability analysis of each stage, which agrees with every check's statement.
        for (const stack of ["lab", "dev"]) {
            const analysed = built(models[stack]).flatMap((s) => s.checks.map((c) => ({ stage: s.stage, ...c }))).filter((c) => c.check.probe);
            assert.deepStrictEqual(analysed.filter((c) => c.expectation?.source !== "analysis").map((c) => c.check.id), [], stack);
            assert.deepStrictEqual(
                analysed.filter((c) => c.expectation!.reachable !== c.check.probe!.expectReachable).map((c) => `${c.stage} ${c.check.id}: ${c.expectation!.reachable} (${c.expectation!.detail})`),
                [],
                `${stack}: every stage's checks agree with the analysis of that stage`,
            );
        }
    });

    it("says what to look for in the flow logs under a connectivity check, from the analysed flow", () => {
        const nacl = built(models.lab).find((s) => s.lab === "bastion-ssm" && s.stage === "nacl")!;
        const ping = nacl.checks.find((c) => c.check.id === "nacl-ping-public-b-to-private")!;
        assert.deepStrictEqual(
            ping.expectation!.flowLogRecords!.map((r) => [r.leg, r.action, r.direction, r.interface.ownerName, r.flowLog.label]),
            [
                ["request", "ACCEPT", "egress", "PUBLIC-02", "IMD-VPCFlow-vpc"],
                ["request", "REJECT", "ingress", "PRIVATE-01", "IMD-VPCFlow-vpc"],
            ],
        );
        assert.match(renderMarkdown(models.lab, "ko"), /- 흐름 로그에서 확인할 것:\n {5}- 요청: PUBLIC-02의 ENI \(eni-[0-9a-f]+\)에서 ACCEPT, egress, 흐름 로그 IMD-VPCFlow-vpc, traffic-path 1\n {5}- 요청: PRIVATE-01의 ENI \(eni-[0-9a-f]+\)에서 REJECT, ingress, 흐름 로그 IMD-VPCFlow-vpc\n/);
    });

    it("writes one self-contained HTML page with a diagram per stage and print styles", async () => {
        const dir = scratchDir();
        const file = join(dir, "guide.html");
        const io = new BufferConsole();
        assert.strictEqual(await guideMain(["--stack", "dev", "--lang", "en", "--out", file], io), 0, io.errText);
        const html = readFileSync(file, "utf8");
        assert.strictEqual(occurrences(html, "<svg"), built(models.dev).length);
        assert.ok(html.includes("@media print"));
        // On screen a diagram keeps Graphviz's own size (11 pt text) and its figure scrolls; only print fits it to the page.
        const screen = html.slice(html.indexOf("<style>"), html.indexOf("@media print"));
        assert.match(screen, /figure \{[^}]*overflow-x: auto;[^}]*\} figure svg \{ display: block; max-width: none; height: auto; \}/);
        assert.doesNotMatch(screen, /svg \{[^}]*(?:width: 100%|max-height)/);
        assert.match(html, /<svg width="\d+pt" height="\d+pt"/);
        // The contents: one grid cell per lab, its stages listed under it (no nested columns to run together).
        assert.match(screen, /nav > ul \{ display: grid;[^}]*gap: [^}]*\}/);
        assert.doesNotMatch(screen, /[^-]columns:/);
        assert.deepStrictEqual(html.match(/\b(?:src|href)="(?:https?:)?\/\/[^"]*"/g) ?? [], [], "nothing fetched");
        assert.ok(!html.includes("<?xml"));
    });

    it("refuses a bad command line, a missing outputs file and an unknown stack with exit code 2", async () => {
        const code = async (argv: string[]) => {
            const io = new BufferConsole();
            return [await guideMain(argv, io), io.errText.split("\n")[0]];
        };
        assert.deepStrictEqual(await code(["--stack", "lab", "--lang", "fr"]), [2, "guide: --lang fr: use ko or en"]);
        assert.deepStrictEqual(await code(["--stack", "lab", "--out", "guide.pdf"]), [2, "guide: --out guide.pdf: name a .md or .html file"]);
        assert.deepStrictEqual(await code(["--lang", "en"]), [2, "guide: --stack is required"]);
        const missing = join(scratchDir(), "missing");
        assert.deepStrictEqual(await code(["--stack", "lab", "--out", join(missing, "guide.html")]), [
            2,
            `guide: --out ${join(missing, "guide.html")} cannot be written: the folder ${missing} does not exist; create it first (mkdir -p ${missing}) or name a file in an existing folder`,
        ]);
        assert.strictEqual(existsSync(missing), false, "a missing folder is never created");
        assert.deepStrictEqual(await code(["--stack", "lab", "--outputs", "/nonexistent/outputs.json"]), [
            2,
            "guide: --outputs /nonexistent/outputs.json does not exist; save it with pulumi stack output --json > /nonexistent/outputs.json",
        ]);
        const notJson = join(scratchDir(), "outputs.json");
        writeFileSync(notJson, "[1, 2]");
        assert.deepStrictEqual(await code(["--stack", "lab", "--outputs", notJson]), [2, `guide: --outputs ${notJson} is not a JSON object; it should be what pulumi stack output --json prints`]);
        const [exit] = await code(["--stack", "nosuchstack"]);
        assert.strictEqual(exit, 2);
    });

    it("writes the Korean page in Korean: no English sentence outside code, commands and AWS names, diagrams included", () => {
        // The committed page is what the sync test below proves the generator writes.
        const korean = readFileSync(join(DOCS, "guide.lab.ko.html"), "utf8");
        assert.strictEqual(englishSentences(korean).join("\n"), "");
        assert.doesNotMatch(korean, /원문/);
        assert.match(korean, /<text[^>]*>범례<\/text>/);
        // The detector finds the English page's sentences: it can fail.
        assert.ok(englishSentences(renderHtml(models.lab, "en", new Map())).length > 50);
    });

    it("keeps the committed example guides in sync with the program (npx tsx tools/writeGuideExamples.ts)", async () => {
        const dir = scratchDir();
        const written = await writeGuideExamples(dir, models.lab);
        assert.deepStrictEqual(GUIDE_EXAMPLES.map((e) => e.file), ["guide.lab.ko.html", "guide.lab.en.md"]);
        const committedDiagrams = readdirSync(join(DOCS, "guide.lab.en-diagrams")).sort();
        assert.deepStrictEqual(readdirSync(join(dir, "guide.lab.en-diagrams")).sort(), committedDiagrams);
        for (const file of written) {
            const rel = file.slice(dir.length + 1);
            assert.ok(readFileSync(join(DOCS, rel), "utf8") === readFileSync(file, "utf8"), `docs/${rel} is out of date: run npx tsx tools/writeGuideExamples.ts`);
        }
    });
});

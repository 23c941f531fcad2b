import { noteKorean } from "./finalChecksKo";
import { checkTexts, LABELS, stageAnchor } from "./labels";
import { GuideCheck, GuideModel, GuideStage } from "./model";
import { Lang } from "./stageTexts";

/** The stage diagrams as SVG text, by `lab/stage`. */
export type StageDiagrams = ReadonlyMap<string, string>;

const CSS = `
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --code: #f6f8fa; --warn: #9a3412; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "NanumGothic", sans-serif; color: var(--ink); max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.9rem; margin-bottom: .25rem; } h2 { font-size: 1.45rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin-top: 2rem; } .stage-no { color: var(--accent); font-weight: 600; margin-right: .4rem; }
.meta, .source { color: var(--muted); } .label { font-weight: 600; }
pre { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; white-space: pre-wrap; word-break: break-all; font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
ol.checks { padding-left: 1.4rem; } ol.checks > li { margin: .9rem 0; break-inside: avoid; page-break-inside: avoid; }
.check-id { font-family: ui-monospace, monospace; font-size: .9em; background: var(--code); padding: .05rem .3rem; border-radius: 4px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .3rem 0; } dt { font-weight: 600; color: var(--muted); } dd { margin: 0; white-space: pre-wrap; }
.warn { color: var(--warn); font-weight: 600; } .skipped { color: var(--muted); font-style: italic; }
figure { margin: 1rem 0; border: 1px solid var(--line); border-radius: 6px; padding: .5rem; overflow-x: auto; } figure svg { display: block; max-width: none; height: auto; }
figcaption { color: var(--muted); font-size: .9em; }
nav > ul { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: .6rem 2rem; padding: 0; list-style: none; } nav ul ul { padding-left: 1.1rem; } nav li { break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-before: page; page-break-before: always; } h3, figure { break-inside: avoid; page-break-inside: avoid; } h3 { break-after: avoid; }
  pre { font-size: 8.5pt; } a { color: inherit; text-decoration: none; } nav { display: none; }
  figure { overflow: visible; } figure svg { width: 100%; max-height: 20cm; }
}
@page { size: A4; margin: 14mm 12mm; }
`;

/** The guide as one self-contained HTML page: styles inline, diagrams as inline SVG, nothing fetched. */
export function renderHtml(model: GuideModel, lang: Lang, diagrams: StageDiagrams): string {
    const l = LABELS[lang];
    const body: string[] = [`<h1>${esc(l.title(model))}</h1>`, `<p>${code(l.intro)}</p>`, `<p class="meta">${code(model.ids.kind === "offline" ? l.idsOffline.replace("STACK", model.stack) : l.idsDeployed(model.ids.file))}</p>`];
    body.push(`<nav><h2>${esc(l.contents)}</h2><ul>`);
    for (const lab of model.labs) {
        body.push(`<li>${esc(lab.text.title[lang])}<ul>${lab.stages.map((s) => `<li><a href="#${stageAnchor(lab.lab, s.stage)}">${esc(s.text.title[lang])}</a></li>`).join("")}</ul></li>`);
    }
    body.push("</ul></nav>");
    for (const lab of model.labs) {
        body.push(`<section class="lab"><h2>${esc(lab.text.title[lang])}</h2><p>${esc(lab.text.summary[lang])}</p><p class="source">${esc(lab.text.source[lang])}</p>`);
        for (const stage of lab.stages) {
            body.push(`<section class="stage" id="${stageAnchor(lab.lab, stage.stage)}"><h3><span class="stage-no">${esc(l.stage(stage.position, stage.count))}</span>${esc(stage.text.title[lang])}</h3>`);
            body.push(stage.kind === "skipped" ? `<p class="skipped">${esc(l.skipped)}. ${esc(stage.reason[lang])}</p>` : stageHtml(stage, lang, diagrams.get(`${stage.lab}/${stage.stage}`)));
            body.push("</section>");
        }
        body.push("</section>");
    }
    return `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${esc(l.title(model))}</title>\n<style>${CSS}</style>\n</head>\n<body>\n${body.join("\n")}\n</body>\n</html>\n`;
}

function stageHtml(stage: GuideStage, lang: Lang, svg: string | undefined): string {
    const l = LABELS[lang];
    const parts = [`<p><span class="label">${esc(l.changes)}.</span> ${esc(stage.text.changes[lang])}</p>`, `<p class="label">${esc(l.run)}</p><pre>${esc(stage.command)}</pre>`];
    if (stage.text.wait) {
        parts.push(`<p><span class="label">${esc(l.wait)}.</span> ${esc(stage.text.wait[lang])}</p>`);
    }
    parts.push(`<p class="label">${esc(l.console)}</p><ul>${stage.text.console.map((s) => `<li>${esc(s[lang])}</li>`).join("")}</ul>`);
    if (svg) {
        parts.push(`<figure>${inlineSvg(svg)}<figcaption>${esc(l.topology)} (${esc(l.resources(stage.resourceCount))})</figcaption></figure>`);
    }
    parts.push(`<p class="label">${esc(l.checks)}</p><ol class="checks">${stage.checks.map((c) => checkHtml(c, lang)).join("")}</ol>`);
    if (stage.notes.length > 0) {
        parts.push(`<p class="label">${esc(l.alsoAffected)}</p><ul>${stage.notes.map((n) => `<li>${esc(lang === "ko" ? noteKorean(n) : n)}</li>`).join("")}</ul>`);
    }
    return parts.join("\n");
}

function checkHtml(item: GuideCheck, lang: Lang): string {
    const l = LABELS[lang];
    const { check } = item;
    const t = checkTexts(check, lang);
    const rows: [string, string][] = [[l.where, code(t.where)]];
    if (check.waitSeconds) {
        rows.push([l.wait, esc(l.waitBefore(check.waitSeconds))]);
    }
    rows.push([l.expected, code(t.expected)]);
    if (item.expectation) {
        rows.push([l.reachLabel, code(l.reach(item.expectation)) + (item.contradicted ? `<br><span class="warn">${esc(l.contradiction)}</span>` : "")]);
        const records = item.expectation.flowLogRecords ?? [];
        if (records.length > 0) {
            rows.push([l.flowLogsLabel, records.map((r) => esc(l.flowLogRecord(r))).join("<br>")]);
        }
    }
    if (t.hint) {
        rows.push([l.hint, code(t.hint)]);
    }
    if (t.note) {
        rows.push([l.note, code(t.note)]);
    }
    if (item.offlineIds.length > 0) {
        rows.push(["", `<span class="warn">${esc(l.offlineIds(item.offlineIds))}</span>`]);
    }
    const original = t.original ? ` <span class="meta">${esc(l.original)}</span>` : "";
    return `<li><span class="check-id">${esc(check.id)}</span>${original}<pre>${esc(check.command)}</pre><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl></li>`;
}

/** Graphviz's SVG without its XML prolog and doctype, so it can sit inside HTML. */
function inlineSvg(svg: string): string {
    return svg.replace(/<\?xml[^>]*\?>\s*/g, "").replace(/<!DOCTYPE[^>]*>\s*/g, "").replace(/<!--[\s\S]*?-->\s*/g, "");
}

function esc(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Escaped text with `inline code` spans. */
function code(text: string): string {
    return esc(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

import type { Viz } from "@viz-js/viz";
import { RecordedResource } from "../../../lib/records";
import { toDot } from "./dot";
import { buildTopology } from "./topology";
import { DiagramLang } from "./words";

let viz: Promise<Viz> | undefined;

/**
 * Lays out and renders DOT as SVG with Graphviz compiled to WebAssembly. The module (and its
 * WebAssembly) is loaded on first use only, so commands that draw nothing never pay for it.
 */
export async function renderSvg(dot: string): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    viz ??= (require("@viz-js/viz") as typeof import("@viz-js/viz")).instance();
    const result = (await viz).render(dot, { format: "svg", engine: "dot" });
    if (result.status !== "success") {
        throw new Error(`Graphviz could not lay out the diagram: ${result.errors.map((e) => e.message).join("; ")}`);
    }
    return result.output;
}

/** The topology diagram of a stack's resources, as SVG, its own words in `lang`. */
export async function topologySvg(resources: readonly RecordedResource[], title: string, lang: DiagramLang = "en"): Promise<string> {
    return renderSvg(toDot(buildTopology(resources, title, lang), lang));
}

/**
 * Regenerates the committed example guides of the lab stack: docs/guide.lab.ko.html (one
 * self-contained page) and docs/guide.lab.en.md with its diagrams in docs/guide.lab.en-diagrams/.
 * Run after changing a lab, its checks or the guide: `npx tsx tools/writeGuideExamples.ts`.
 * A test regenerates them and fails while the committed files differ.
 */
import { join } from "path";
import { buildGuide, GuideModel } from "../offline/guide/model";
import { writeGuide } from "../offline/guide/guideCommand";
import { Lang } from "../offline/guide/stageTexts";

/** The committed examples: the stack, the language and the file under docs/. */
export const GUIDE_EXAMPLES: readonly { readonly stack: string; readonly lang: Lang; readonly file: string }[] = [
    { stack: "lab", lang: "ko", file: "guide.lab.ko.html" },
    { stack: "lab", lang: "en", file: "guide.lab.en.md" },
];

/** Writes the examples into `docsDir`; returns every file written. */
export async function writeGuideExamples(docsDir: string, model?: GuideModel): Promise<string[]> {
    const written: string[] = [];
    for (const example of GUIDE_EXAMPLES) {
        const guide = model && model.stack === example.stack ? model : await buildGuide(example.stack);
        written.push(...(await writeGuide(guide, example.lang, join(docsDir, example.file))));
    }
    return written;
}

if (require.main === module) {
    writeGuideExamples(join(__dirname, "..", "docs")).then(
        (files) => console.log(`wrote ${files.length} files: ${files.map((f) => f.slice(f.indexOf("docs/"))).join(", ")}`),
        (error: unknown) => {
            console.error(error);
            process.exitCode = 1;
        },
    );
}

/**
 * Renders a guide HTML page in headless Chromium and saves screenshots of the screen layout and
 * of the print layout (print CSS emulated), to check by eye that the page is self-contained and
 * prints well:
 *
 *   npx tsx tools/guideScreenshot.ts docs/guide.lab.ko.html /tmp/guide
 *
 * writes /tmp/guide.screen.png, /tmp/guide.print.png and /tmp/guide.pdf. Needs Debian's
 * `chromium` (apt-get install -y chromium). Chromium runs with networking off and a throwaway
 * profile, so a page that fetched anything would show it missing.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const BROWSER = ["chromium", "chromium-browser", "google-chrome"].find((name) => {
    try {
        execFileSync("which", [name], { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
});

/** Runs headless Chromium on a file with extra flags; returns nothing, throws on failure. */
function chromium(page: string, flags: readonly string[]): void {
    if (!BROWSER) {
        throw new Error("no Chromium found; install it with apt-get install -y chromium");
    }
    const profile = mkdtempSync(join(tmpdir(), "guide-chromium-"));
    try {
        execFileSync(
            BROWSER,
            [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--hide-scrollbars",
                `--user-data-dir=${profile}`,
                // Nothing may be fetched: the page must be self-contained.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                ...flags,
                `file://${resolve(page)}`,
            ],
            { stdio: ["ignore", "ignore", "pipe"], timeout: 120_000 },
        );
    } finally {
        rmSync(profile, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const [page, prefix] = process.argv.slice(2);
    if (!page || !prefix || !existsSync(page)) {
        console.error("usage: npx tsx tools/guideScreenshot.ts <guide.html> <output prefix>");
        process.exit(2);
    }
    chromium(page, [`--screenshot=${prefix}.screen.png`, "--window-size=1280,2400"]);
    chromium(page, [`--screenshot=${prefix}.print.png`, "--window-size=794,3400", "--blink-settings=mediaTypeOverride=print"]);
    chromium(page, [`--print-to-pdf=${prefix}.pdf`, "--no-pdf-header-footer"]);
    console.log(`wrote ${prefix}.screen.png, ${prefix}.print.png and ${prefix}.pdf`);
}

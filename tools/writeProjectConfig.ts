/**
 * Rewrites the `config:` block of Pulumi.yaml from config/keys.ts, so the schema `pulumi
 * config` users see is the one the program reads. Run after changing a key:
 * `npx tsx tools/writeProjectConfig.ts`. A test fails while the two disagree.
 */
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { Document, parseDocument } from "yaml";
import { CONFIG_KEYS } from "../config/keys";

/** The `config:` block Pulumi.yaml should hold, in the table's order. */
export function projectConfigBlock(): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(CONFIG_KEYS).map(([key, spec]) => [
            key,
            spec.type === "array"
                ? { type: "array", items: { type: "string" }, description: spec.description, default: spec.default }
                : { type: spec.type, description: spec.description, default: spec.default },
        ]),
    );
}

if (require.main === module) {
    const path = join(__dirname, "..", "Pulumi.yaml");
    const document: Document = parseDocument(readFileSync(path, "utf8"));
    document.set("config", projectConfigBlock());
    writeFileSync(path, document.toString({ lineWidth: 0 }));
    console.log(`wrote ${Object.keys(CONFIG_KEYS).length} config keys to ${path}`);
}

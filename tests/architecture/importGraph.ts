import { readdirSync, readFileSync } from "fs";
import { dirname, join, normalize, relative } from "path";

/** The project's folders, lowest layer first, as docs/architecture.md draws them. */
export const LAYER_FOLDERS = ["lib", "config", "labs", "components", "analysis", "policy", "offline", "classroom", "tools"] as const;

export const PROJECT_ROOT = join(__dirname, "..", "..");

function tsFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
            return entry.name === "node_modules" ? [] : tsFiles(path);
        }
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
    });
}

/** Every relative import (static, re-export, dynamic, require) of each program file, resolved to project paths like `config/load.ts`. */
export function importGraph(root = PROJECT_ROOT): Map<string, string[]> {
    const files = [join(root, "index.ts"), ...LAYER_FOLDERS.flatMap((folder) => tsFiles(join(root, folder)))].map((file) => relative(root, file));
    const known = new Set(files);
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const text = readFileSync(join(root, file), "utf8");
        const targets: string[] = [];
        for (const match of text.matchAll(/(?:from|import|require\()\s*\(?\s*["'](\.{1,2}\/[^"']*)["']/g)) {
            const base = normalize(join(dirname(file), match[1]));
            const target = [base, `${base}.ts`, join(base, "index.ts")].find((candidate) => known.has(candidate));
            if (target) {
                targets.push(target);
            }
        }
        graph.set(file, targets);
    }
    return graph;
}

/** The strongly connected groups of files (Tarjan's algorithm) with more than one file: each is an import cycle. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (file: string) => {
        index.set(file, counter);
        low.set(file, counter);
        counter += 1;
        stack.push(file);
        onStack.add(file);
        for (const target of graph.get(file) ?? []) {
            if (!index.has(target)) {
                visit(target);
                low.set(file, Math.min(low.get(file)!, low.get(target)!));
            } else if (onStack.has(target)) {
                low.set(file, Math.min(low.get(file)!, index.get(target)!));
            }
        }
        if (low.get(file) === index.get(file)) {
            const group: string[] = [];
            let member: string;
            do {
                member = stack.pop()!;
                onStack.delete(member);
                group.push(member);
            } while (member !== file);
            if (group.length > 1) {
                cycles.push(group.sort());
            }
        }
    };
    for (const file of graph.keys()) {
        if (!index.has(file)) {
            visit(file);
        }
    }
    return cycles;
}

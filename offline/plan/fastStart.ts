import { existsSync, readFileSync } from "fs";
import Module from "module";
import { dirname, join, sep } from "path";

/**
 * Start-up help for the tool scripts, which `npm run` starts through tsx.
 *
 * tsx hooks every `require`, also of plain CommonJS files in node_modules: it scans each file
 * that mentions "import" or "export" with an ES module lexer (nearly every compiled file says
 * `exports.`) and captures a stack trace per resolution, mapped through source maps. Loading
 * @pulumi/aws (about 1,400 modules) that way takes twice as long as with Node alone.
 *
 * This compiles CommonJS files of node_modules the way Node's own loader does and leaves
 * everything else to tsx: TypeScript, files of `"type": "module"` packages, and any file with
 * a line starting with the word `import` or `export` (ESM syntax that tsx converts). Source
 * maps are off while the tool's modules load and back on once it runs, so traces stay mapped.
 *
 * Only the tool entry points call this; tests and the Pulumi CLI load modules unchanged.
 */
export function fastStart(): () => void {
    const extensions = (Module as unknown as { _extensions: Record<string, (module: Module, filename: string) => void> })._extensions;
    const viaTsx = extensions[".js"];
    const types = new Map<string, string>();
    const packageType = (dir: string): string => {
        let type = types.get(dir);
        if (type === undefined) {
            const file = join(dir, "package.json");
            if (existsSync(file)) {
                try {
                    type = (JSON.parse(readFileSync(file, "utf8")) as { type?: string }).type ?? "commonjs";
                } catch {
                    type = "commonjs";
                }
            } else {
                type = dirname(dir) === dir ? "commonjs" : packageType(dirname(dir));
            }
            types.set(dir, type);
        }
        return type;
    };
    const nodeModules = `${sep}node_modules${sep}`;
    extensions[".js"] = function (module: Module, filename: string) {
        if (filename.includes(nodeModules) && packageType(dirname(filename)) !== "module") {
            const source = readFileSync(filename, "utf8");
            if (!/^(?:import|export)\b/m.test(source)) {
                (module as unknown as { _compile(content: string, filename: string): void })._compile(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source, filename);
                return;
            }
        }
        viaTsx.call(this, module, filename);
    };
    const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled ?? true;
    process.setSourceMapsEnabled(false);
    return () => process.setSourceMapsEnabled(sourceMaps);
}

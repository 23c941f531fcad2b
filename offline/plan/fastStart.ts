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
    deferSdkSerializerDependencies();
    const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled ?? true;
    process.setSourceMapsEnabled(false);
    return () => process.setSourceMapsEnabled(sourceMaps);
}

/**
 * Modules @pulumi/pulumi loads at start-up for serializing JavaScript functions into cloud
 * resources (TypeScript to parse them, npm's Arborist to find their packages): a third of the
 * tool's start-up, and never used by this program. Each is handed over as a proxy that loads
 * the real module on first use, so nothing changes when something does use it.
 * `esModule` answers `__esModule` without loading, for the importing file's interop helper.
 */
const DEFERRED_SDK_DEPENDENCIES: ReadonlyMap<string, { readonly esModule: boolean }> = new Map([
    ["typescript", { esModule: false }],
    ["@npmcli/arborist", { esModule: true }],
]);

function deferSdkSerializerDependencies(): void {
    type Load = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
    const loader = Module as unknown as { _load: Load };
    const load = loader._load;
    const sdk = `${sep}@pulumi${sep}pulumi${sep}`;
    loader._load = function (request, parent, isMain) {
        const deferred = DEFERRED_SDK_DEPENDENCIES.get(request);
        if (!deferred || !parent?.filename?.includes(sdk)) {
            return load.call(this, request, parent, isMain);
        }
        let real: object | undefined;
        const target = () => (real ??= load.call(this, request, parent, isMain) as object);
        return new Proxy(
            {},
            {
                get: (_, key) => (key === "__esModule" && real === undefined ? deferred.esModule || undefined : Reflect.get(target(), key)),
                has: (_, key) => Reflect.has(target(), key),
                ownKeys: () => Reflect.ownKeys(target()),
                getOwnPropertyDescriptor: (_, key) => {
                    const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
                    return descriptor && { ...descriptor, configurable: true };
                },
            },
        );
    };
}

import { PROCESS_CONSOLE, warnNpmBanner } from "./cli";
import { fastStart } from "./fastStart";

/**
 * Runs a tool command as a process: loads it after {@link fastStart} (an import would load it
 * before), warns when npm's banner already spoiled `--json` output, and turns its promise into the exit code, 3 for an unexpected failure.
 */
export function runToolCommand(load: () => { main(argv: string[]): Promise<number> }): void {
    const started = fastStart();
    const { main } = load();
    started();
    const argv = process.argv.slice(2);
    warnNpmBanner(argv, PROCESS_CONSOLE);
    main(argv).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            console.error(error);
            process.exitCode = 3;
        },
    );
}

import { fastStart } from "./fastStart";

/**
 * Runs a tool command as a process: loads it after {@link fastStart} (an import would load it
 * before), and turns its promise into the exit code, 3 for an unexpected failure.
 */
export function runToolCommand(load: () => { main(argv: string[]): Promise<number> }): void {
    const started = fastStart();
    const { main } = load();
    started();
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            console.error(error);
            process.exitCode = 3;
        },
    );
}

/**
 * `npm run plan -- --stack <name>`: the offline plan of a stack (resource tree, outputs,
 * policy verdicts), with no Pulumi CLI and no cloud credentials. See offline/plan/planCommand.ts.
 */
import { fastStart } from "../offline/plan/fastStart";

const started = fastStart();
// Required after fastStart, not imported: imports would load before it runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require("../offline/plan/planCommand") as typeof import("../offline/plan/planCommand");
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

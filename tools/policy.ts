/**
 * `npm run policy -- <stack-export.json> [--config <file>] [--json]`: the policy pack's
 * verdict on a stack export, ours or a deployed stack's. See offline/plan/policyCommand.ts.
 */
import { fastStart } from "../offline/plan/fastStart";

const started = fastStart();
// Required after fastStart, not imported: imports would load before it runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require("../offline/plan/policyCommand") as typeof import("../offline/plan/policyCommand");
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

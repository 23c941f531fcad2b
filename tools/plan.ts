/**
 * `npm run plan -- --stack <name>`: the offline plan of a stack (resource tree, outputs,
 * policy verdicts), with no Pulumi CLI and no cloud credentials. See offline/plan/planCommand.ts.
 */
import { runToolCommand } from "../offline/plan/toolEntry";

// eslint-disable-next-line @typescript-eslint/no-require-imports
runToolCommand(() => require("../offline/plan/planCommand") as typeof import("../offline/plan/planCommand"));

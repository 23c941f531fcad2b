/**
 * `npm run flowlogs -- parse <file|->`: VPC flow log records as a table with the stack's
 * names. See offline/flowLogs/parseCommand.ts.
 */
import { runToolCommand } from "../offline/plan/toolEntry";

// eslint-disable-next-line @typescript-eslint/no-require-imports
runToolCommand(() => require("../offline/flowLogs/parseCommand") as typeof import("../offline/flowLogs/parseCommand"));

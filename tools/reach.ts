/**
 * `npm run reach -- --stack lab --from PRIVATE-01 --to internet --port 443`: offline
 * reachability over the stack's resources. See offline/plan/reachCommand.ts.
 */
import { runToolCommand } from "../offline/plan/toolEntry";

// eslint-disable-next-line @typescript-eslint/no-require-imports
runToolCommand(() => require("../offline/plan/reachCommand") as typeof import("../offline/plan/reachCommand"));

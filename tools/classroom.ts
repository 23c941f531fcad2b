/**
 * `npm run classroom -- init|status|up|destroy`: one stack per student, made from a stack's
 * file and driven through Pulumi's Automation API. See classroom/cli.ts.
 */
import { runToolCommand } from "../offline/plan/toolEntry";

// eslint-disable-next-line @typescript-eslint/no-require-imports
runToolCommand(() => require("../classroom/cli") as typeof import("../classroom/cli"));

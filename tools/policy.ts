/**
 * `npm run policy -- <stack-export.json> [--config <file>] [--json]`: the policy pack's
 * verdict on a stack export, ours or a deployed stack's. See offline/plan/policyCommand.ts.
 */
import { runToolCommand } from "../offline/plan/toolEntry";

// eslint-disable-next-line @typescript-eslint/no-require-imports
runToolCommand(() => require("../offline/plan/policyCommand") as typeof import("../offline/plan/policyCommand"));

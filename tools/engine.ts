/**
 * `npm run engine -- --stack <name> [--preview]`: the program run as the Pulumi CLI runs it,
 * through a stand-in engine over gRPC, with the pack as an analyzer plugin. See
 * offline/standInEngine/engineCommand.ts.
 */
import { runToolCommand } from "../offline/plan/toolEntry";

// eslint-disable-next-line @typescript-eslint/no-require-imports
runToolCommand(() => require("../offline/standInEngine/engineCommand") as typeof import("../offline/standInEngine/engineCommand"));

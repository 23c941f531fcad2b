/**
 * `npm run guide -- --stack <name> [--lang ko|en] [--out guide.md|guide.html] [--outputs F]`:
 * the stack's labs as a handout, stage by stage. See offline/guide/guideCommand.ts.
 */
import { runToolCommand } from "../offline/plan/toolEntry";

// eslint-disable-next-line @typescript-eslint/no-require-imports
runToolCommand(() => require("../offline/guide/guideCommand") as typeof import("../offline/guide/guideCommand"));

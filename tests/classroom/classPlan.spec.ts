import * as assert from "assert";
import { rmSync } from "fs";
import { join } from "path";
import { main as classroomMain } from "../../classroom/cli";
import { studentStackNames } from "../../classroom/init";
import { BufferConsole, EXIT } from "../../offline/plan/cli";
import { main as planMain } from "../../offline/plan/planCommand";
import { PROJECT_DIR } from "../../config/stackFiles";

/**
 * What the README promises a new instructor: `classroom -- init --students 3`, then
 * `plan -- --stack student-01` plans and shows the class column. The class's files are written
 * into the project folder itself, as init does for a user (the program's quota preflight finds
 * classmates there), under a prefix no committed stack uses, and removed afterwards.
 */
describe("planning a student stack of a class", () => {
    const prefix = "test-issue24-class";
    const stacks = studentStackNames(prefix, 3);
    after(() => stacks.forEach((stack) => rmSync(join(PROJECT_DIR, `Pulumi.${stack}.yaml`), { force: true })));

    it("plans the tree with the class column, and init's quota figures are the plan's", async () => {
        const init = new BufferConsole();
        // --from defaults to lab, the classroom layout.
        assert.strictEqual(await classroomMain(["init", "--students", "3", "--prefix", prefix], init), EXIT.ok, init.errText);
        assert.match(init.outText, new RegExp(`^Wrote 3 stack files for class ${prefix} from Pulumi\\.lab\\.yaml: ${stacks[0]} \\.\\.\\. ${stacks[2]}$`, "m"));
        const io = new BufferConsole();
        const code = await planMain(["--stack", stacks[0]], io);
        assert.strictEqual(code, EXIT.ok, io.errText);
        assert.strictEqual(io.errText, "");
        assert.match(io.outText, new RegExp(`^Offline plan of stack ${stacks[0]} \\(project vpc-labs, ap-northeast-2, account 123456789012\\): \\d+ resources`));
        assert.match(io.outText, /^ {2}quota +code +default +in use +stack +class \(3\) +total$/m);
        assert.match(io.outText, /(offline, the plan takes them as granted)/);
        // One basis for both: the AWS defaults beside a new account's default VPC.
        const planned = (name: string) => new RegExp(`^ {2}${name.replace(/[()]/g, "\\$&")} +L-\\w+ +(\\d+)(?: vCPU)? +\\S+ +\\d+ +\\d+ +(\\d+)  OVER the default of (\\d+)`, "m").exec(io.outText)!.slice(1);
        const initSaid = (name: string) => new RegExp(`^ {2}${name.replace(/[()]/g, "\\$&")} \\(\\w+ L-\\w+\\): the class needs (\\d+), the default is (\\d+)$`, "m").exec(init.outText)!.slice(1);
        for (const quota of ["VPCs per Region", "Internet gateways per Region", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"]) {
            const [value, total, over] = planned(quota);
            assert.strictEqual(value, over);
            assert.deepStrictEqual(initSaid(quota), [total, value], quota);
        }
        assert.deepStrictEqual(planned("Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"), ["5", "54", "5"]);
    });
});

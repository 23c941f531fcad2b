import * as assert from "assert";
import { BufferConsole } from "../../offline/plan/cli";
import { ENGINE_USAGE, main } from "../../offline/standInEngine/engineCommand";

// `npm run engine`'s bad input: exit 2 with a message naming what is wrong, before any process
// starts (these run in-process; the runs themselves are in tests/offline/standInEngine.spec.ts).
async function engine(...argv: string[]): Promise<{ code: number; err: string; out: string }> {
    const io = new BufferConsole();
    const code = await main(argv, io);
    return { code, err: io.errText, out: io.outText };
}

describe("npm run engine: bad input", () => {
    it("prints its usage with --help and exits 0", async () => {
        const result = await engine("--help");
        assert.strictEqual(result.code, 0);
        assert.strictEqual(result.out, ENGINE_USAGE);
    });

    it("needs --stack", async () => {
        const result = await engine("--preview");
        assert.strictEqual(result.code, 2);
        assert.match(result.err, /^engine: --stack is required\n\nUsage: npm run engine/);
    });

    it("refuses --export with --preview: a preview creates nothing to export", async () => {
        const result = await engine("--stack", "lab", "--preview", "--export", "x.json");
        assert.strictEqual(result.code, 2);
        assert.match(result.err, /--export writes the state of an update; a preview creates nothing to export/);
    });

    it("names a missing stack file", async () => {
        const result = await engine("--stack", "nope");
        assert.strictEqual(result.code, 2);
        assert.match(result.err, /no stack file Pulumi\.nope\.yaml/);
    });

    it("names a bad config key before the program starts", async () => {
        const result = await engine("--stack", "lab", "--set", "labs=[\"endpoints\",\"endpoint-servce\"]");
        assert.strictEqual(result.code, 2);
        assert.match(result.err, /vpc-labs:labs/);
        assert.match(result.err, /endpoint-service/);
    });

    it("names a policy config that does not exist", async () => {
        const result = await engine("--stack", "lab", "--policy-config", "policy/config.nope.json");
        assert.strictEqual(result.code, 2);
        assert.match(result.err, /policy config policy\/config\.nope\.json does not exist/);
    });
});

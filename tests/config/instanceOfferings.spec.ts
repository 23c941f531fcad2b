import * as assert from "assert";
import { FALLBACK_INSTANCE_TYPES, instanceOfferingProblems } from "../../config/instanceOfferings";
import { ConfigError, formatProblem } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { FakeAccount } from "../../offline/fakeCloud";
import { instanceTypeOfferings, offers } from "../../offline/fakeInstanceOfferings";
import { readStackConfig } from "../../config/stackFiles";
import program from "../../index";

const ZONES = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"];
const OFFERINGS_TOKEN = "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings";

/** Runs the program for a stack's committed config with some keys changed, noting how many resources existed at each offerings lookup. */
async function run(stack: string, overrides: Record<string, string>) {
    const lookups: { args: Record<string, unknown>; registeredBefore: number }[] = [];
    const engine: OfflineEngine = await OfflineEngine.start({
        stack,
        config: { ...readStackConfig(stack), ...overrides },
        invokes: {
            [OFFERINGS_TOKEN]: (args: Record<string, unknown>, account: FakeAccount) => {
                lookups.push({ args, registeredBefore: engine.resources.length });
                return instanceTypeOfferings(args, account);
            },
        },
    });
    const outcome = await program().then(
        () => undefined,
        (error: unknown) => error,
    );
    await engine.settle();
    return { engine, lookups, error: outcome };
}

describe("instance type offerings in the labs' zones", () => {
    it("refuses a type zone 2 does not offer, before anything is registered, naming the zone, the type and both fixes", async () => {
        const { engine, lookups, error } = await run("dev", { "vpc-labs:instanceType": "t2.micro" });
        assert.ok(ConfigError.isConfigError(error));
        assert.deepStrictEqual(error.problems.map(formatProblem), [
            "vpc-labs:instanceType: t2.micro is not offered in ap-northeast-2b (zone 2 of the labs), so EC2 would refuse to launch the lab instances there; " +
                "set vpc-labs:instanceType to a type offered in ap-northeast-2a and ap-northeast-2b (e.g. t4g.nano) or set vpc-labs:availabilityZones to two zones that offer t2.micro (ap-northeast-2a, ap-northeast-2c)",
        ]);
        assert.deepStrictEqual(engine.resources, []);
        assert.deepStrictEqual(lookups.map((l) => l.registeredBefore), [0]);
    });

    it("accepts the committed stacks and looks their type up once, for every available zone, before the first resource", async () => {
        for (const stack of ["dev", "lab"]) {
            const { engine, lookups, error } = await run(stack, {});
            assert.strictEqual(error, undefined, stack);
            assert.ok(engine.resources.length > 100, stack);
            assert.deepStrictEqual(lookups.map((l) => l.registeredBefore), [0], stack);
            const type = stack === "dev" ? "t4g.nano" : "t3.micro";
            assert.deepStrictEqual(lookups[0].args, {
                locationType: "availability-zone",
                filters: [
                    { name: "instance-type", values: [...new Set([type, ...FALLBACK_INSTANCE_TYPES])] },
                    { name: "location", values: ZONES },
                ],
            });
        }
    });

    it("accepts t2.micro once the zones are ones that offer it", async () => {
        const { error } = await run("dev", { "vpc-labs:instanceType": "t2.micro", "vpc-labs:availabilityZones": '["ap-northeast-2a","ap-northeast-2c"]' });
        assert.strictEqual(error, undefined);
    });

    it("lists every zone that lacks the type, and says so when no zone pair offers it", () => {
        const offerings = new Map([
            ["us-east-1d", new Set(["t3.micro"])],
            ["us-east-1e", new Set(["t2.micro"])],
        ]);
        assert.deepStrictEqual(instanceOfferingProblems("m7g.medium", ["us-east-1d", "us-east-1e"], ["us-east-1d", "us-east-1e"], offerings).map(formatProblem), [
            "vpc-labs:instanceType: m7g.medium is not offered in us-east-1d (zone 1 of the labs), so EC2 would refuse to launch the lab instances there; set vpc-labs:instanceType to a type offered in us-east-1d and us-east-1e (m7g.medium is offered in no zone of this region)",
            "vpc-labs:instanceType: m7g.medium is not offered in us-east-1e (zone 2 of the labs), so EC2 would refuse to launch the lab instances there; set vpc-labs:instanceType to a type offered in us-east-1d and us-east-1e (m7g.medium is offered in no zone of this region)",
        ]);
        assert.deepStrictEqual(instanceOfferingProblems("t3.micro", ["us-east-1d", "us-east-1d"], ["us-east-1d"], offerings), []);
    });

    it("answers from the fake account's table: us-east-1e has only older families, ap-northeast-2b and 2d lack them, eu-west-1 has all", () => {
        assert.deepStrictEqual(["t2.micro", "t3.micro", "t4g.nano", "m5.large"].map((t) => offers("us-east-1", "us-east-1e", t)), [true, false, false, false]);
        assert.deepStrictEqual(["t2.micro", "t3.micro", "t4g.nano"].map((t) => offers("us-east-1", "us-east-1a", t)), [true, true, true]);
        assert.deepStrictEqual(ZONES.map((z) => offers("ap-northeast-2", z, "t2.micro")), [true, false, true, false]);
        assert.deepStrictEqual(ZONES.map((z) => offers("ap-northeast-2", z, "t4g.nano")), [true, true, true, true]);
        assert.deepStrictEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((z) => offers("eu-west-1", z, "t2.micro") && offers("eu-west-1", z, "t4g.nano")), [true, true, true]);
        const account: FakeAccount = { accountId: "123456789012", region: "us-east-1", partition: "aws", availabilityZones: ["us-east-1d", "us-east-1e"] };
        assert.deepStrictEqual(
            instanceTypeOfferings({ locationType: "availability-zone", filters: [{ name: "instance-type", values: ["t2.micro", "t3.micro"] }, { name: "location", values: ["us-east-1d", "us-east-1e"] }] }, account),
            {
                id: "us-east-1",
                locationType: "availability-zone",
                instanceTypes: ["t2.micro", "t2.micro", "t3.micro"],
                locations: ["us-east-1d", "us-east-1e", "us-east-1d"],
                locationTypes: ["availability-zone", "availability-zone", "availability-zone"],
            },
        );
        assert.throws(() => instanceTypeOfferings({ locationType: "region" }, account), /availability-zone only/);
    });
});

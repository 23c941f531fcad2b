import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { stackHourlyCost } from "../../policy/rules/stackCost";
import { endpointsLab, provider, root, smallStack } from "../fixtures/costRecords";
import { record, violationsOf } from "../fixtures/policy/records";

const FIX =
    "remove labs from vpc-labs:labs, use fewer interface endpoint zones (interfaceEndpointAzCount), a smaller instanceType or bastionSsmNatGateways: none, or raise maxHourlyUsd in the stack's policy config";

describe("stack-hourly-cost", () => {
    it("is advisory with a budget of $0.50 per hour unless the stack's config says otherwise", () => {
        assert.strictEqual(stackHourlyCost.enforcementLevel, "advisory");
        assert.strictEqual(stackHourlyCost.configSchema?.properties.maxHourlyUsd.default, 0.5);
    });

    it("passes a stack whose estimate is within the budget, exactly at it too", async () => {
        assert.deepStrictEqual(await violationsOf(stackHourlyCost, smallStack()), []);
        assert.deepStrictEqual(await violationsOf(stackHourlyCost, smallStack(), { "stack-hourly-cost": { maxHourlyUsd: 0.132869 } }), []);
    });

    it("reports a stack over maxHourlyUsd with its figure, its largest items and the fixes", async () => {
        const violations = await violationsOf(stackHourlyCost, smallStack(), { "stack-hourly-cost": { maxHourlyUsd: 0.1 } });
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                [
                    "advisory",
                    undefined,
                    `The stack's estimated cost is $0.1329 per hour ($95.67 per 30 days) in ap-northeast-2, over the budget of $0.100 per hour; largest items: 1 NAT gateway $0.059/h, 2 interface endpoint AZs $0.026/h, 1 load balancer $0.0225/h: ${FIX}.`,
                ],
            ],
        );
    });

    it("is mandatory where the stack's config says so", async () => {
        const violations = await violationsOf(stackHourlyCost, smallStack(), { "stack-hourly-cost": { enforcementLevel: "mandatory", maxHourlyUsd: 0.05 } });
        assert.deepStrictEqual(
            violations.map((v) => v.enforcementLevel),
            ["mandatory"],
        );
    });

    it("reports a stack it cannot fully price, naming what is missing and the priced part", async () => {
        assert.deepStrictEqual(
            (await violationsOf(stackHourlyCost, smallStack("sa-east-1"))).map((v) => v.message),
            [
                "The stack's cost cannot be checked against the budget of $0.500 per hour: the priced part is $0.000 per hour; 8 charge(s) could not be priced (no price table for Region sa-east-1): add the missing prices to analysis/cost/priceTable.ts, or disable this policy for the stack.",
            ],
        );
        const odd = record(aws.ec2.Instance, "odd", { instanceType: "u-6tb1.metal" }, { parent: endpointsLab });
        assert.deepStrictEqual(
            (await violationsOf(stackHourlyCost, [root, provider("us-east-1"), endpointsLab, odd])).map((v) => v.message),
            [
                "The stack's cost cannot be checked against the budget of $0.500 per hour: the priced part is $0.0009 per hour in us-east-1; 1 charge(s) could not be priced (no price for instance type u-6tb1.metal in the table): add the missing prices to analysis/cost/priceTable.ts, or disable this policy for the stack.",
            ],
        );
    });

    it("refuses a negative budget in the config, as the CLI's schema check does", async () => {
        await assert.rejects(violationsOf(stackHourlyCost, smallStack(), { "stack-hourly-cost": { maxHourlyUsd: -1 } }), /stack-hourly-cost\.maxHourlyUsd: must be at least 0, got -1/);
    });
});

import * as assert from "assert";
import { quotaDemand } from "../../../analysis/quotas/demand";
import { additions, figuresOf } from "../../../analysis/quotas/figures";
import { figuresFromResources } from "../../../analysis/quotas/fromResources";
import { instanceVcpus, isStandardFamily } from "../../../analysis/quotas/instanceVcpus";
import { validateStackConfig } from "../../../config/validate";
import { loadProgram, runProgram, runStack } from "../../../offline/plan/programRunner";
import { readStackConfig } from "../../../config/stackFiles";
import { offlineStackConfig } from "../../../offline/validatedStack";

const SEOUL = { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"] };

describe("quota demand", () => {
    for (const stack of ["lab", "dev"]) {
        it(`counts exactly what the offline plan of ${stack} registers, quota by quota`, async () => {
            const run = await runStack(stack);
            assert.deepStrictEqual(figuresOf(quotaDemand(offlineStackConfig(stack))), figuresFromResources(run.resources));
        });
    }

    it("counts a bastion, per-AZ NAT gateways and Session Manager endpoints like the program builds them", async () => {
        const config = {
            ...readStackConfig("lab"),
            "vpc-labs:bastionSsmOperatorCidr": "203.0.113.7/32",
            "vpc-labs:bastionSsmNatGateways": "per-az",
            "vpc-labs:endpointsInterfaceServices": JSON.stringify(["cloudformation", "sts", "ssm"]),
        };
        const run = await runProgram(loadProgram(), { stack: "variant", config });
        const figures = figuresOf(quotaDemand(validateStackConfig(config, SEOUL)));
        assert.deepStrictEqual(figures, figuresFromResources(run.resources));
        assert.deepStrictEqual(figures.natGatewaysByZone, { "ap-northeast-2a": 1, "ap-northeast-2c": 1 });
        assert.strictEqual(figures.elasticIps, 2);
        assert.strictEqual(figures.instancesByType["t3.micro"], 10);
        assert.strictEqual(figures.interfaceEndpointsByVpc["CloudNeta-VPC"], 4, "cloudformation, sts, ssm and ssmmessages");
    });

    it("adds nothing for a VPC the stack does not create", () => {
        const config = validateStackConfig(
            {
                "vpc-labs:labs": JSON.stringify(["bastion-ssm"]),
                "vpc-labs:bastionSsmNetworkSource": "existing",
                "vpc-labs:bastionSsmExistingVpcId": "vpc-0123456789abcdef0",
                "vpc-labs:bastionSsmExistingSubnetIds": JSON.stringify(["subnet-0a000000000000001", "subnet-0a000000000000002", "subnet-0a000000000000003", "subnet-0a000000000000004"]),
            },
            SEOUL,
        );
        const added = additions(quotaDemand(config));
        assert.strictEqual(added.vpcs.adds, 0);
        assert.strictEqual(added.internetGateways.adds, 0);
        assert.strictEqual(added.natGateways.adds, 0, "the existing VPC's NAT is its own business");
        assert.strictEqual(added.interfaceEndpoints.adds, 3);
        assert.strictEqual(added.onDemandStandardVcpus.adds, 8);
    });

    it("states the lab stack's additions: 4 VPCs, 3 internet gateways, 1 NAT gateway in zone a, 18 vCPUs", () => {
        const added = additions(quotaDemand(offlineStackConfig("lab")));
        assert.deepStrictEqual(
            Object.fromEntries(Object.entries(added).map(([key, value]) => [key, value.where ? `${value.adds} in ${value.where}` : value.adds])),
            {
                vpcs: 4,
                internetGateways: 3,
                elasticIps: 1,
                natGateways: "1 in ap-northeast-2a",
                interfaceEndpoints: "3 in CloudNeta-VPC",
                securityGroups: 15,
                rulesPerSecurityGroup: "5 in private instance (CloudNeta-VPC)",
                onDemandStandardVcpus: 18,
            },
        );
    });

    it("knows the vCPUs of the burstable and small general-purpose types, and which families the standard quota counts", () => {
        assert.deepStrictEqual(
            ["t2.micro", "t3.micro", "t3.nano", "t4g.nano", "t3.xlarge", "m5.large", "c7g.2xlarge", "x2idn.large"].map(instanceVcpus),
            [1, 2, 2, 2, 4, 2, 8, undefined],
        );
        assert.deepStrictEqual(
            ["t3.micro", "m5.large", "r6i.large", "z1d.large", "g5.xlarge", "p4d.24xlarge", "inf2.xlarge", "trn1.2xlarge", "mac2.metal"].map(isStandardFamily),
            [true, true, true, true, false, false, false, false, false],
        );
    });

    it("leaves an instance type of unknown size out of the vCPU count, and says so", () => {
        const config = validateStackConfig({ "vpc-labs:labs": JSON.stringify(["endpoint-service"]), "vpc-labs:instanceType": "m7i-flex.large" }, SEOUL);
        assert.deepStrictEqual(additions(quotaDemand(config)).onDemandStandardVcpus, { adds: 0, unknownTypes: ["m7i-flex.large"] });
    });
});

import * as assert from "assert";
import { EndpointServiceLab, endpointServiceLabDefinition } from "../../components/labs/endpointServiceLab";
import { endpointServiceNetworkSpec } from "../../components/labs/endpointServiceLab/network";
import {
    endpointServiceConfigProblems,
    endpointServiceNetworkProblems,
    labNameProblems,
} from "../../components/labs/endpointServiceLab/validate";
import { networkSpecProblems } from "../../components/labNetwork/validate";
import { EndpointServiceLabConfig } from "../../config/stackConfig";
import { ConfigError, Problem } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { endpointServiceConfig, endpointServiceEnvironment, existingNetwork } from "../fixtures/endpointService";

const problemsOf = (overrides: Partial<EndpointServiceLabConfig>, azCount: 1 | 2 = 2): Problem[] =>
    endpointServiceConfigProblems(endpointServiceEnvironment({ interfaceEndpointAzCount: azCount }), endpointServiceConfig(overrides));

const PRINCIPALS = "vpc-labs:endpointServiceAllowedPrincipals";

describe("endpoint-service lab validation: allowed principals", () => {
    it("refuses * because every AWS account could ask to connect", () => {
        assert.deepStrictEqual(problemsOf({ allowedPrincipals: ["*"] }), [
            {
                key: `${PRINCIPALS}[0]`,
                rule: '"*" lets every AWS account (or every principal of one) connect to the endpoint service',
                fix: "list account or role ARNs, or leave the list empty for the deploying account",
            },
        ]);
    });

    it("refuses a wildcard inside an ARN too", () => {
        assert.deepStrictEqual(problemsOf({ allowedPrincipals: ["arn:aws:iam::123456789012:role/*"] }).map((p) => [p.key, p.rule]), [
            [`${PRINCIPALS}[0]`, '"arn:aws:iam::123456789012:role/*" lets every AWS account (or every principal of one) connect to the endpoint service'],
        ]);
    });

    it("refuses what is not an IAM principal ARN", () => {
        assert.deepStrictEqual(problemsOf({ allowedPrincipals: ["arn:aws:iam::123456789012:root", "123456789012"] }), [
            {
                key: `${PRINCIPALS}[1]`,
                rule: '"123456789012" is not an IAM principal ARN',
                fix: "write it like arn:aws:iam::123456789012:root or arn:aws:iam::123456789012:role/name",
            },
        ]);
    });

    it("refuses a principal of another partition", () => {
        assert.deepStrictEqual(problemsOf({ allowedPrincipals: ["arn:aws-us-gov:iam::123456789012:root"] }), [
            {
                key: `${PRINCIPALS}[0]`,
                rule: '"arn:aws-us-gov:iam::123456789012:root" is in partition aws-us-gov but the stack deploys to partition aws; a principal of another partition can never be granted access',
                fix: "use an ARN that starts with arn:aws:iam::",
            },
        ]);
    });

    it("refuses a principal listed twice", () => {
        const principal = "arn:aws:iam::210987654321:role/consumer";
        assert.deepStrictEqual(problemsOf({ allowedPrincipals: [principal, principal] }), [
            { key: `${PRINCIPALS}[1]`, rule: `"${principal}" is listed twice`, fix: "list each principal once" },
        ]);
    });

    it("accepts account roots, roles and users of the deploying partition", () => {
        assert.deepStrictEqual(
            problemsOf({ allowedPrincipals: ["arn:aws:iam::123456789012:root", "arn:aws:iam::210987654321:role/a/b", "arn:aws:iam::210987654321:user/alice"] }),
            [],
        );
    });
});

describe("endpoint-service lab validation: address plan", () => {
    it("accepts the declared defaults", () => {
        assert.deepStrictEqual(problemsOf({}), []);
    });

    it("refuses a consumer subnet list that is empty or longer than two", () => {
        const rule = (n: number) => [
            "vpc-labs:endpointServiceConsumerSubnetCidrs",
            `lists ${n} subnets; it takes 1 to 2, one per zone in order (My-Public-SN, My-Public-SN-2)`,
            "list 1 to 2, e.g. [10.0.0.0/24, 10.0.1.0/24]",
        ];
        assert.deepStrictEqual(problemsOf({ consumerSubnetCidrs: [] }).map((p) => [p.key, p.rule, p.fix]), [rule(0)]);
        assert.deepStrictEqual(problemsOf({ consumerSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"] }).map((p) => [p.key, p.rule, p.fix]), [rule(3)]);
    });

    it("refuses one consumer subnet when the endpoint spans two zones, and accepts it for one", () => {
        assert.deepStrictEqual(problemsOf({ consumerSubnetCidrs: ["10.0.0.0/24"] }, 2), [
            {
                key: "vpc-labs:endpointServiceConsumerSubnetCidrs",
                rule: "lists 1 subnet but interfaceEndpointAzCount is 2; the consumer endpoint needs a subnet in each zone",
                fix: "add a second subnet, or set interfaceEndpointAzCount: 1",
            },
        ]);
        assert.deepStrictEqual(problemsOf({ consumerSubnetCidrs: ["10.0.0.0/24"] }, 1), []);
    });

    it("refuses a provider subnet list that is not exactly two", () => {
        const providerSubnetCidrs = ["172.20.1.0/24"] as unknown as readonly [string, string];
        assert.deepStrictEqual(problemsOf({ providerSubnetCidrs }), [
            {
                key: "vpc-labs:endpointServiceProviderSubnetCidrs",
                rule: "lists 1 subnets; it takes exactly 2, zone 1 then zone 2 (Custom-Private-SN-1, Custom-Private-SN-2)",
                fix: "list exactly 2, e.g. [172.20.1.0/24, 172.20.2.0/24]",
            },
        ]);
    });

    it("refuses the original's publicly routable provider range 20.0.0.0/16", () => {
        assert.deepStrictEqual(problemsOf({ providerVpcCidr: "20.0.0.0/16", providerSubnetCidrs: ["20.0.0.0/24", "20.0.1.0/24"] }), [
            {
                key: "vpc-labs:endpointServiceProviderVpcCidr",
                rule: "20.0.0.0/16 is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10); a publicly routable VPC range shadows real internet addresses",
                fix: "choose a block inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10",
            },
        ]);
    });

    it("refuses malformed CIDRs and the whole internet, naming each key", () => {
        assert.deepStrictEqual(problemsOf({ consumerVpcCidr: "10.0.0.1/16", consumerSubnetCidrs: ["0.0.0.0/0", "10.0.1.0/24"] }), [
            {
                key: "vpc-labs:endpointServiceConsumerVpcCidr",
                rule: '"10.0.0.1/16" is not an IPv4 CIDR block (a.b.c.d/n with no host bits set)',
                fix: "write it like 10.0.0.0/16",
            },
            { key: "vpc-labs:endpointServiceConsumerSubnetCidrs[0]", rule: '"0.0.0.0/0" is the whole internet', fix: "use a narrower block like 10.0.0.0/24" },
        ]);
    });

    it("refuses subnets outside their VPC, overlapping each other, or of a size AWS does not accept", () => {
        assert.deepStrictEqual(
            problemsOf({ consumerVpcCidr: "10.0.0.0/16", consumerSubnetCidrs: ["10.1.0.0/24", "10.0.0.0/29"], providerSubnetCidrs: ["172.20.1.0/24", "172.20.1.0/25"] }),
            [
                { key: "vpc-labs:endpointServiceConsumerSubnetCidrs[0]", rule: "10.1.0.0/24 is outside its VPC 10.0.0.0/16", fix: "choose a block inside 10.0.0.0/16" },
                {
                    key: "vpc-labs:endpointServiceConsumerSubnetCidrs[1]",
                    rule: "/29 is not a size AWS accepts for a subnet (/16 to /28)",
                    fix: "use a prefix between /16 and /28",
                },
                {
                    key: "vpc-labs:endpointServiceProviderSubnetCidrs[1]",
                    rule: "172.20.1.0/25 overlaps vpc-labs:endpointServiceProviderSubnetCidrs[0] (172.20.1.0/24)",
                    fix: "give every subnet its own block",
                },
            ],
        );
    });

    it("gives LabNetwork specs it accepts whenever the config passes", () => {
        for (const config of [endpointServiceConfig(), endpointServiceConfig({ consumerSubnetCidrs: ["10.0.0.0/24"] })]) {
            const specs = endpointServiceNetworkSpec(config, endpointServiceEnvironment());
            assert.deepStrictEqual([...networkSpecProblems(specs.consumer), ...networkSpecProblems(specs.provider)], []);
        }
    });

    it("is what the lab definition reports to the program", () => {
        const config = endpointServiceConfig({ allowedPrincipals: ["*"], providerVpcCidr: "20.0.0.0/16" });
        assert.deepStrictEqual(
            endpointServiceLabDefinition.problems(endpointServiceEnvironment(), config).map((p) => p.key),
            [`${PRINCIPALS}[0]`, "vpc-labs:endpointServiceProviderVpcCidr", "vpc-labs:endpointServiceProviderSubnetCidrs[0]", "vpc-labs:endpointServiceProviderSubnetCidrs[1]"],
        );
    });
});

describe("endpoint-service lab validation: networks handed in", () => {
    const subnet = (id: string, tier: "public" | "private", zoneIndex: number) => ({
        id,
        tier,
        zoneIndex,
        cidrBlock: "10.9.0.0/24",
        availabilityZone: `ap-northeast-2${"ac"[zoneIndex]}`,
    });

    it("needs a public consumer subnet in each zone the endpoint spans", () => {
        const consumer = existingNetwork("vpc-c", "10.9.0.0/16", [subnet("c1", "public", 0), subnet("c2", "private", 1)]);
        const provider = existingNetwork("vpc-p", "10.8.0.0/16", [subnet("p1", "private", 0), subnet("p2", "private", 1)]);
        assert.deepStrictEqual(endpointServiceNetworkProblems({ consumer, provider }, endpointServiceEnvironment()), [
            {
                key: "networks.consumer.subnets",
                rule: "has no public subnet in zone 2; My-EC2 takes zone 1's and the endpoint needs one in each of its 2 zones",
                fix: "add a public subnet in zone 2, or set interfaceEndpointAzCount: 1",
            },
        ]);
        assert.deepStrictEqual(endpointServiceNetworkProblems({ consumer, provider }, endpointServiceEnvironment({ interfaceEndpointAzCount: 1 })), []);
    });

    it("needs a public consumer subnet in zone 1 for My-EC2", () => {
        const consumer = existingNetwork("vpc-c", "10.9.0.0/16", [subnet("c2", "public", 1)]);
        const provider = existingNetwork("vpc-p", "10.8.0.0/16", [subnet("p1", "private", 0), subnet("p2", "private", 1)]);
        assert.deepStrictEqual(endpointServiceNetworkProblems({ consumer, provider }, endpointServiceEnvironment({ interfaceEndpointAzCount: 1 })), [
            {
                key: "networks.consumer.subnets",
                rule: "has no public subnet in zone 1; My-EC2 takes zone 1's and the endpoint needs one in each of its 1 zone",
                fix: "add a public subnet in zone 1",
            },
        ]);
    });

    it("needs private provider subnets in zones 1 and 2 for the NLB and the web servers", () => {
        const consumer = existingNetwork("vpc-c", "10.9.0.0/16", [subnet("c1", "public", 0), subnet("c2", "public", 1)]);
        const provider = existingNetwork("vpc-p", "10.8.0.0/16", [subnet("p1", "public", 0), subnet("p2", "public", 1)]);
        assert.deepStrictEqual(endpointServiceNetworkProblems({ consumer, provider }, endpointServiceEnvironment()), [
            {
                key: "networks.provider.subnets",
                rule: "has no private subnet in zones 1 and 2; the NLB spans zones 1 and 2 with one web server in each",
                fix: "add a private subnet in zones 1 and 2",
            },
        ]);
    });
});

describe("endpoint-service lab validation: component name", () => {
    it("refuses a name that leaves no room for the load balancer's generated name", () => {
        assert.deepStrictEqual(labNameProblems("endpoint-service-classroom"), [
            {
                key: "name",
                rule: '"endpoint-service-classroom" is 26 characters; the load balancer is named "endpoint-service-classroom-nlb-" plus 7 random characters, and AWS allows 32',
                fix: "use a name of at most 20 characters",
            },
        ]);
        assert.deepStrictEqual(labNameProblems("endpoint-service"), []);
    });

    it("refuses characters a load balancer name cannot have", () => {
        assert.deepStrictEqual(labNameProblems("eps_lab"), [
            { key: "name", rule: '"eps_lab" has characters a load balancer name cannot have', fix: "use letters, digits and inner hyphens only" },
        ]);
        assert.strictEqual(labNameProblems("-eps").length, 1);
    });
});

describe("EndpointServiceLab construction with bad arguments", () => {
    it("lists every problem at once and registers nothing", async () => {
        const engine = await OfflineEngine.start();
        const build = () =>
            new EndpointServiceLab("eps_lab", {
                environment: endpointServiceEnvironment(),
                config: endpointServiceConfig({ allowedPrincipals: ["*"], consumerSubnetCidrs: ["10.0.0.0/24"] }),
            });
        assert.throws(build, (error: unknown) => {
            assert.ok(ConfigError.isConfigError(error));
            assert.deepStrictEqual(
                error.problems.map((p) => p.key),
                ["name", `${PRINCIPALS}[0]`, "vpc-labs:endpointServiceConsumerSubnetCidrs"],
            );
            assert.match(error.message, /^EndpointServiceLab "eps_lab" has 3 problems:\n {2}- name: "eps_lab" has characters/);
            return true;
        });
        await engine.settle();
        assert.deepStrictEqual(engine.resources, []);
    });

    it("checks handed-in networks instead of the config's address plan", async () => {
        const engine = await OfflineEngine.start();
        const consumer = existingNetwork("vpc-c", "10.9.0.0/16", [{ id: "c1", tier: "public", zoneIndex: 0, cidrBlock: "10.9.0.0/24", availabilityZone: "ap-northeast-2a" }]);
        const provider = existingNetwork("vpc-p", "10.8.0.0/16", [{ id: "p1", tier: "private", zoneIndex: 0, cidrBlock: "10.8.0.0/24", availabilityZone: "ap-northeast-2a" }]);
        assert.throws(
            () =>
                new EndpointServiceLab("eps", {
                    environment: endpointServiceEnvironment({ interfaceEndpointAzCount: 1 }),
                    // The config's CIDRs are not used with handed-in networks; they may be anything.
                    config: endpointServiceConfig({ consumerVpcCidr: "20.0.0.0/16" }),
                    networks: { consumer, provider },
                }),
            (error: unknown) =>
                ConfigError.isConfigError(error) &&
                error.problems.length === 1 &&
                error.problems[0].key === "networks.provider.subnets" &&
                error.problems[0].rule === "has no private subnet in zone 2; the NLB spans zones 1 and 2 with one web server in each",
        );
        await engine.settle();
        assert.deepStrictEqual(engine.resources, []);
    });
});

import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { bastionSsmLabDefinition, BastionSsmLab, bastionSsmLabProblems } from "../../components/labs/bastionSsmLab";
import { bastionSsmConfigProblems, bastionSsmNetworkProblems } from "../../components/labs/bastionSsmLab/validate";
import { NetworkRef } from "../../components/networkRef";
import { BastionSsmLabConfig } from "../../config/stackConfig";
import { ConfigError, formatProblem } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { bastionSsmConfig, bastionSsmEnvironment } from "../fixtures/bastionSsm";

const FIX = "set the public address you connect from as a /32 (e.g. 203.0.113.7/32), or leave it empty to use Session Manager only";

function problems(config: Partial<BastionSsmLabConfig>): string[] {
    return bastionSsmConfigProblems(bastionSsmEnvironment(), bastionSsmConfig(config)).map(formatProblem);
}

function network(overrides: Partial<NetworkRef> = {}): NetworkRef {
    const subnet = (tier: "public" | "private", zoneIndex: number) => ({
        key: `${tier}-${zoneIndex}`,
        tier,
        zoneIndex,
        id: pulumi.output(`subnet-${tier}-${zoneIndex}`),
        cidrBlock: pulumi.output(`10.9.${zoneIndex}.0/24`),
        availabilityZone: pulumi.output("ap-northeast-2a"),
    });
    return {
        vpcId: pulumi.output("vpc-1"),
        cidrBlock: pulumi.output("10.9.0.0/16"),
        enableDnsHostnames: true,
        enableDnsSupport: true,
        subnets: [subnet("public", 0), subnet("public", 1), subnet("private", 0), subnet("private", 1)],
        routeTables: [],
        ...overrides,
    };
}

describe("bastion-ssm lab: validation", () => {
    it("accepts the defaults, with or without an operator /32", () => {
        assert.deepStrictEqual(problems({}), []);
        assert.deepStrictEqual(problems({ operatorCidr: "203.0.113.7/32" }), []);
        assert.deepStrictEqual(problems({ operatorCidr: "198.51.100.0/24", natGateways: "per-az", naclExercise: true }), []);
    });

    it("refuses an operator CIDR that is not an IPv4 block", () => {
        assert.deepStrictEqual(problems({ operatorCidr: "203.0.113.7" }), [`vpc-labs:bastionSsmOperatorCidr: "203.0.113.7" is not an IPv4 CIDR block; ${FIX}`]);
    });

    it("refuses an operator CIDR wider than /16, /0 included, since it opens SSH to much of the internet", () => {
        assert.deepStrictEqual(problems({ operatorCidr: "0.0.0.0/1" }), [
            `vpc-labs:bastionSsmOperatorCidr: 0.0.0.0/1 would open SSH on the bastion to 2,147,483,648 addresses (wider than /16); ${FIX}`,
        ]);
        assert.deepStrictEqual(problems({ operatorCidr: "0.0.0.0/0" }), [
            `vpc-labs:bastionSsmOperatorCidr: 0.0.0.0/0 would open SSH on the bastion to 4,294,967,296 addresses (wider than /16); ${FIX}`,
        ]);
        assert.deepStrictEqual(problems({ operatorCidr: "100.64.0.0/16" }), []);
    });

    it("refuses an operator CIDR that overlaps IMD-VPC", () => {
        assert.deepStrictEqual(problems({ operatorCidr: "10.1.2.0/24" }), [
            `vpc-labs:bastionSsmOperatorCidr: 10.1.2.0/24 overlaps IMD-VPC (10.1.0.0/16); the bastion's SSH rule would admit addresses inside the VPC, not your machine; ${FIX}`,
        ]);
    });

    it("reports layout problems under the lab's config keys", () => {
        assert.deepStrictEqual(problems({ vpcCidr: "20.1.0.0/16", publicSubnetCidrs: ["20.1.1.0/24", "10.1.2.0/24"], privateSubnetCidrs: ["20.1.11.0/24", "20.1.11.0/24"] }), [
            "vpc-labs:bastionSsmVpcCidr: 20.1.0.0/16 is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10); a publicly routable VPC range shadows real internet addresses; choose a block inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10",
            "vpc-labs:bastionSsmPublicSubnetCidrs[1]: 10.1.2.0/24 is outside its VPC 20.1.0.0/16; choose a block inside 20.1.0.0/16",
            "vpc-labs:bastionSsmPrivateSubnetCidrs[1]: 20.1.11.0/24 overlaps vpc-labs:bastionSsmPrivateSubnetCidrs[0] (20.1.11.0/24); give every subnet its own block",
        ]);
    });

    it("lists every problem of the arguments at once", () => {
        const all = bastionSsmLabProblems({
            environment: bastionSsmEnvironment(),
            config: bastionSsmConfig({ operatorCidr: "10.0.0.0/8" }),
            network: network({ enableDnsHostnames: false, subnets: [] }),
        });
        assert.deepStrictEqual(
            all.map((p) => p.key),
            ["vpc-labs:bastionSsmOperatorCidr", "network.subnets", "network.enableDnsHostnames"],
        );
    });

    it("checks only the operator CIDR of the config when a network is given, since the config's layout is not used", () => {
        const given = (config: Partial<BastionSsmLabConfig>) =>
            bastionSsmLabProblems({ environment: bastionSsmEnvironment(), config: bastionSsmConfig(config), network: network() }).map(formatProblem);
        assert.deepStrictEqual(given({ vpcCidr: "20.1.0.0/16", operatorCidr: "10.1.2.0/24" }), []);
        assert.deepStrictEqual(given({ operatorCidr: "10.1.2.0" }), [`vpc-labs:bastionSsmOperatorCidr: "10.1.2.0" is not an IPv4 CIDR block; ${FIX}`]);
    });

    it("refuses a given network without a public and a private subnet in each zone", () => {
        const [publicA, , privateA] = network().subnets;
        assert.deepStrictEqual(bastionSsmNetworkProblems(network({ subnets: [publicA, privateA] })).map(formatProblem), [
            "network.subnets: has no public subnet in zone 2, no private subnet in zone 2; the lab puts one instance in a public and a private subnet of each zone; give the network a public and a private subnet in zone 1 and in zone 2",
        ]);
    });

    it("refuses a given network without DNS hostnames or DNS support, which private DNS needs", () => {
        const expected = [
            "network.enableDnsHostnames: the SSM endpoints use private DNS, which needs the VPC's DNS hostnames and DNS support on; turn on enableDnsHostnames and enableDnsSupport on the VPC",
        ];
        assert.deepStrictEqual(bastionSsmNetworkProblems(network({ enableDnsHostnames: false })).map(formatProblem), expected);
        assert.deepStrictEqual(bastionSsmNetworkProblems(network({ enableDnsSupport: false })).map(formatProblem), expected);
        assert.deepStrictEqual(bastionSsmNetworkProblems(network()), []);
    });

    it("gives the program the same config problems through the lab definition", () => {
        assert.deepStrictEqual(
            bastionSsmLabDefinition.problems(bastionSsmEnvironment(), bastionSsmConfig({ operatorCidr: "10.1.0.0/24" })).map((p) => p.key),
            ["vpc-labs:bastionSsmOperatorCidr"],
        );
    });

    it("throws one ConfigError naming every problem before registering anything", async () => {
        const engine = await OfflineEngine.start();
        assert.throws(
            () =>
                new BastionSsmLab("bad", {
                    environment: bastionSsmEnvironment(),
                    config: bastionSsmConfig({ operatorCidr: "0.0.0.0/0" }),
                    network: network({ enableDnsSupport: false }),
                }),
            (error: unknown) => {
                assert.ok(ConfigError.isConfigError(error));
                assert.strictEqual(
                    error.message,
                    'BastionSsmLab "bad" has 2 problems:\n' +
                        `  - vpc-labs:bastionSsmOperatorCidr: 0.0.0.0/0 would open SSH on the bastion to 4,294,967,296 addresses (wider than /16); ${FIX}\n` +
                        "  - network.enableDnsHostnames: the SSM endpoints use private DNS, which needs the VPC's DNS hostnames and DNS support on; turn on enableDnsHostnames and enableDnsSupport on the VPC",
                );
                return true;
            },
        );
        await engine.settle();
        assert.deepStrictEqual(engine.resources, []);
    });
});

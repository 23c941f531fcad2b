import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { OfflineEngine } from "../../offline/engine";
import { runStack } from "../../offline/plan/programRunner";

/** The zone a zonal endpoint name ends its first label with (`vpce-...-ap-northeast-2c.ssm...`). */
const zonalZone = (dnsName: string) => /-([a-z]{2}-[a-z]+-\d[a-z])$/.exec(dnsName.split(".")[0])?.[1];

describe("fake cloud: interface endpoint DNS names", () => {
    it("names each zonal entry after the zone of its own subnet (2a and 2c, not the account's second zone)", async () => {
        const engine = await OfflineEngine.start();
        const vpc = new aws.ec2.Vpc("dns-vpc", { cidrBlock: "10.7.0.0/16" });
        const a = new aws.ec2.Subnet("dns-a", { vpcId: vpc.id, cidrBlock: "10.7.1.0/24", availabilityZone: "ap-northeast-2a" });
        const c = new aws.ec2.Subnet("dns-c", { vpcId: vpc.id, cidrBlock: "10.7.2.0/24", availabilityZone: "ap-northeast-2c" });
        new aws.ec2.VpcEndpoint("dns-ssm", { vpcId: vpc.id, serviceName: "com.amazonaws.ap-northeast-2.ssm", vpcEndpointType: "Interface", subnetIds: [c.id, a.id], privateDnsEnabled: true });
        await engine.settle();
        const endpoint = engine.one(aws.ec2.VpcEndpoint);
        const names = (endpoint.outputs.dnsEntries as { dnsName: string }[]).map((e) => e.dnsName);
        const prefix = names[0].split(".")[0];
        assert.match(prefix, /^vpce-[0-9a-f]{17}-[0-9a-f]{8}$/);
        assert.deepStrictEqual(names, [
            `${prefix}.ssm.ap-northeast-2.vpce.amazonaws.com`,
            `${prefix}-ap-northeast-2c.ssm.ap-northeast-2.vpce.amazonaws.com`,
            `${prefix}-ap-northeast-2a.ssm.ap-northeast-2.vpce.amazonaws.com`,
            "ssm.ap-northeast-2.amazonaws.com",
        ]);
    });

    it("in the lab stack (zones a and c), every interface endpoint's zonal names are its subnets' zones", async () => {
        const run = await runStack("lab");
        const zoneOf = new Map(run.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet").map((s) => [s.id, String(s.inputs.availabilityZone)]));
        const interfaces = run.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs.vpcEndpointType === "Interface");
        assert.ok(interfaces.length >= 7, `${interfaces.length} interface endpoints`);
        for (const endpoint of interfaces) {
            const zonal = (endpoint.outputs.dnsEntries as { dnsName: string }[]).map((e) => zonalZone(e.dnsName)).filter((z) => z !== undefined);
            assert.deepStrictEqual(zonal, (endpoint.inputs.subnetIds as string[]).map((id) => zoneOf.get(id)), endpoint.name);
            assert.ok(!zonal.includes("ap-northeast-2b"), endpoint.name);
        }
    });
});

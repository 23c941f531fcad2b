import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { PRICED_TYPES } from "../../../analysis/cost/billables";
import { PRICED_INSTANCE_TYPES, PRICES_CHECKED, REGION_PRICES } from "../../../analysis/cost/priceTable";
import { AWSX_VPC_TYPE } from "../../../analysis/stack/awsxVpcs";
import { asPreview, component, record } from "../../fixtures/policy/records";
import { bastionLab, endpointsLab, estimateOf, natGateway, provider, publicInstance, root, smallStack, subnetA, subnetC } from "../../fixtures/costRecords";

describe("the cost estimate", () => {
    it("knows the priced kinds by their classes' own type tokens", () => {
        const token = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;
        assert.deepStrictEqual(PRICED_TYPES, {
            INSTANCE: token(aws.ec2.Instance),
            VPC_ENDPOINT: token(aws.ec2.VpcEndpoint),
            NAT_GATEWAY: token(aws.ec2.NatGateway),
            EIP: token(aws.ec2.Eip),
            LOAD_BALANCER: token(aws.lb.LoadBalancer),
            INSTANCE_CONNECT_ENDPOINT: token(aws.ec2transitgateway.InstanceConnectEndpoint),
            ENDPOINT_SERVICE: token(aws.ec2.VpcEndpointService),
            KMS_KEY: token(aws.kms.Key),
            FLOW_LOG: token(aws.ec2.FlowLog),
            LOG_GROUP: token(aws.cloudwatch.LogGroup),
            BUCKET: token(aws.s3.Bucket),
            BUCKET_V2: token(aws.s3.BucketV2),
        });
    });

    it("prices each kind at the Region's rate, per resource, per lab and for the stack", () => {
        const estimate = estimateOf(smallStack());
        assert.deepStrictEqual(
            estimate.charges.map((c) => [c.name, c.kind, c.quantity, c.usdPerUnitHour, c.hourlyUsd]),
            [
                ["public-ec2", "instance", 1, 0.013, 0.013],
                ["public-ec2", "ebs-volume", 8, 0.000125, 0.000999],
                ["public-ec2", "public-ipv4", 1, 0.005, 0.005],
                ["cfn-endpoint", "interface-endpoint", 2, 0.013, 0.026],
                ["logs-key", "kms-key", 1, 0.00137, 0.00137],
                ["nat-eip", "public-ipv4", 1, 0.005, 0.005],
                ["nat", "nat-gateway", 1, 0.059, 0.059],
                ["nlb", "network-load-balancer", 1, 0.0225, 0.0225],
            ],
        );
        assert.strictEqual(estimate.hourlyUsd, 0.132869);
        assert.strictEqual(estimate.thirtyDayUsd, 95.67);
        assert.deepStrictEqual(estimate.regions, ["ap-northeast-2"]);
        assert.strictEqual(estimate.complete, true);
        assert.deepStrictEqual(
            estimate.byLab.map((l) => [l.lab, l.hourlyUsd, l.thirtyDayUsd]),
            [
                ["endpoints", 0.046369, 33.39],
                ["bastion-ssm", 0.0865, 62.28],
            ],
        );
        assert.deepStrictEqual(
            estimate.byKind.map((k) => [k.kind, k.quantity, k.hourlyUsd]),
            [
                ["nat-gateway", 1, 0.059],
                ["interface-endpoint", 2, 0.026],
                ["network-load-balancer", 1, 0.0225],
                ["instance", 1, 0.013],
                ["public-ipv4", 2, 0.01],
                ["kms-key", 1, 0.00137],
                ["ebs-volume", 8, 0.000999],
            ],
        );
        assert.deepStrictEqual(
            estimate.byResource.map((r) => [r.name, r.lab, r.hourlyUsd]),
            [
                ["public-ec2", "endpoints", 0.018999],
                ["cfn-endpoint", "endpoints", 0.026],
                ["logs-key", "endpoints", 0.00137],
                ["nat-eip", "bastion-ssm", 0.005],
                ["nat", "bastion-ssm", 0.059],
                ["nlb", "bastion-ssm", 0.0225],
            ],
        );
    });

    it("lists what is billed by use without pricing it, and the free kinds", () => {
        const estimate = estimateOf(smallStack());
        assert.deepStrictEqual(
            estimate.usageBilled.map((u) => [u.name, u.kind, u.what]),
            [
                ["cfn-endpoint", "endpoint-data", "data processed by the interface endpoint ($0.01/GB)"],
                ["logs-key", "kms-requests", "KMS requests beyond the free tier"],
                ["locked", "s3-storage", "S3 storage and requests"],
                ["nat", "nat-data", "data processed by the NAT gateway ($0.059/GB)"],
                ["nlb", "load-balancer-capacity", "load balancer capacity units (flows, bytes) ($0.006/NLCU-hour)"],
                ["flow", "flow-log-delivery", "flow-log records delivered to s3 (vended logs, per GB)"],
                ["flow-group", "log-storage", "log storage (per GB-month)"],
            ],
        );
        assert.deepStrictEqual(
            estimate.free.map((f) => [f.name, f.kind]),
            [
                ["s3-endpoint", "gateway-endpoint"],
                ["eic", "instance-connect-endpoint"],
            ],
        );
    });

    it("says a Region has no price table and prices nothing there, never at another Region's rates", () => {
        const estimate = estimateOf(smallStack("sa-east-1"));
        assert.strictEqual(estimate.hourlyUsd, 0);
        assert.strictEqual(estimate.complete, false);
        assert.deepStrictEqual(estimate.regions, []);
        assert.deepStrictEqual([...new Set(estimate.unpriced.map((u) => `${u.region}: ${u.reason}`))], ["sa-east-1: no price table for Region sa-east-1"]);
        assert.strictEqual(estimate.unpriced.length, 8);
    });

    it("prices each resource in its own Region: its region argument wins over the provider's", () => {
        const inVirginia = { ...publicInstance, props: { ...publicInstance.props, region: "us-east-1" } };
        const estimate = estimateOf([root, provider("ap-northeast-2"), endpointsLab, subnetA, inVirginia]);
        assert.deepStrictEqual(
            estimate.charges.map((c) => [c.kind, c.region, c.hourlyUsd]),
            [
                ["instance", "us-east-1", 0.0104],
                ["ebs-volume", "us-east-1", 0.000877],
                ["public-ipv4", "us-east-1", 0.005],
            ],
        );
    });

    it("reports an instance type or volume type the table does not list, and prices the rest", () => {
        const big = record(aws.ec2.Instance, "big", { instanceType: "x2iedn.metal", rootBlockDevice: { volumeSize: 100, volumeType: "io2" } }, { parent: endpointsLab });
        const estimate = estimateOf([root, provider("ap-northeast-2"), endpointsLab, big]);
        assert.deepStrictEqual(
            estimate.unpriced.map((u) => [u.kind, u.quantity, u.reason]),
            [
                ["instance", 1, "no price for instance type x2iedn.metal in the table"],
                ["ebs-volume", 100, "no price for EBS volume type io2 in the table"],
            ],
        );
        assert.strictEqual(estimate.complete, false);
    });

    it("reports hourly-billed networking kinds the table does not model as not priced, never as free", () => {
        const attachment = component("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "tgw-attachment");
        const estimate = estimateOf([root, provider("ap-northeast-2"), endpointsLab, { ...attachment, parent: endpointsLab.urn }]);
        assert.deepStrictEqual(
            estimate.unpriced.map((u) => [u.name, u.kind, u.reason]),
            [["tgw-attachment", "unmodelled", "no price for transit gateway attachments in the table"]],
        );
    });

    it("counts public IPv4 addresses: an internet-facing load balancer's per zone, an instance's from its subnet", () => {
        const publicNlb = record(aws.lb.LoadBalancer, "public-nlb", { loadBalancerType: "network", internal: false, subnets: ["subnet-a", "subnet-c"] }, { parent: bastionLab });
        const inherits = record(aws.ec2.Instance, "inherits", { instanceType: "t4g.nano", subnetId: "subnet-c" }, { parent: endpointsLab, deps: { subnetId: [subnetC] } });
        const estimate = estimateOf([root, provider("ap-northeast-2"), endpointsLab, bastionLab, subnetA, subnetC, publicNlb, inherits]);
        assert.deepStrictEqual(
            estimate.charges.filter((c) => c.kind === "public-ipv4").map((c) => [c.name, c.quantity]),
            [
                ["public-nlb", 2],
                ["inherits", 1],
            ],
        );
    });

    it("prices the NAT gateways of an opaque awsx VPC from its outputs or inputs, and adds nothing when its children are in the records", () => {
        const opaque = { ...component(AWSX_VPC_TYPE, "imd-vpc"), parent: bastionLab.urn, props: { vpcId: "vpc-1", natGateways: [{ id: "nat-1" }, { id: "nat-2" }] } };
        const fromInputs = {
            ...component(AWSX_VPC_TYPE, "my-vpc"),
            parent: bastionLab.urn,
            props: { natGateways: { strategy: "Single" }, availabilityZoneNames: ["ap-northeast-2a", "ap-northeast-2c"], subnetSpecs: [{ type: "Public" }, { type: "Private" }] },
        };
        const expanded = { ...component(AWSX_VPC_TYPE, "custom-vpc"), parent: bastionLab.urn, props: { vpcId: "vpc-3", natGateways: [{ id: "nat-3" }] } };
        const child = { ...natGateway, urn: `${natGateway.urn}-child`, name: "custom-vpc-nat", parent: expanded.urn };
        const estimate = estimateOf([root, provider("ap-northeast-2"), bastionLab, opaque, fromInputs, expanded, child]);
        assert.deepStrictEqual(
            estimate.charges.map((c) => [c.name, c.kind, c.quantity, c.hourlyUsd]),
            [
                ["custom-vpc-nat", "nat-gateway", 1, 0.059],
                ["imd-vpc", "nat-gateway", 2, 0.118],
                ["imd-vpc", "public-ipv4", 2, 0.01],
                ["my-vpc", "nat-gateway", 1, 0.059],
                ["my-vpc", "public-ipv4", 1, 0.005],
            ],
        );
        assert.deepStrictEqual(estimate.notes, [
            "awsx VPC imd-vpc is opaque in these records: 2 NAT gateway(s) read from its natGateways",
            "awsx VPC my-vpc is opaque in these records: 1 NAT gateway(s) read from its natGateways",
        ]);
    });

    it("never counts an awsx VPC whose NAT gateways cannot be read as free: it is not priced, and the total is a lower bound", () => {
        const unreadable = { ...component(AWSX_VPC_TYPE, "odd-vpc"), parent: bastionLab.urn, props: { vpcId: "vpc-9" } };
        const estimate = estimateOf([root, provider("ap-northeast-2"), bastionLab, unreadable]);
        assert.deepStrictEqual(
            estimate.unpriced.map((u) => [u.name, u.kind, u.reason]),
            [["odd-vpc", "nat-gateway", "the number of NAT gateways of an awsx VPC cannot be read from its outputs or inputs"]],
        );
        assert.strictEqual(estimate.complete, false);
    });

    it("gives the same figure during a preview, where subnet IDs are unknown and only dependencies name them", () => {
        const preview = asPreview(smallStack());
        const estimate = estimateOf(preview);
        assert.strictEqual(estimate.hourlyUsd, 0.132869);
        assert.deepStrictEqual(
            estimate.charges.filter((c) => c.kind === "interface-endpoint").map((c) => c.quantity),
            [2],
        );
    });
});

describe("the price table", () => {
    it("prices the same instance types in every Region, t2/t3/t3a/t4g nano to large among them", () => {
        const typesOf = (region: string) => Object.keys(REGION_PRICES[region].instanceHour).sort();
        assert.deepStrictEqual(Object.keys(REGION_PRICES), ["ap-northeast-2", "us-east-1", "eu-west-1"]);
        for (const region of Object.keys(REGION_PRICES)) {
            assert.deepStrictEqual(typesOf(region), [...PRICED_INSTANCE_TYPES].sort(), region);
            for (const [type, usd] of Object.entries(REGION_PRICES[region].instanceHour)) {
                assert.ok(usd > 0 && usd < 1, `${region} ${type}: ${usd}`);
            }
        }
        for (const family of ["t2", "t3", "t3a", "t4g"]) {
            for (const size of ["nano", "micro", "small", "medium", "large"]) {
                assert.ok(PRICED_INSTANCE_TYPES.includes(`${family}.${size}`), `${family}.${size}`);
            }
        }
        assert.strictEqual(REGION_PRICES["us-east-1"].instanceHour["m7g.medium"], 0.0408);
    });

    it("doubles within a burstable family from size to size, so a typo in a figure shows", () => {
        for (const [region, prices] of Object.entries(REGION_PRICES)) {
            for (const family of ["t2", "t3", "t3a", "t4g"]) {
                const sizes = ["nano", "micro", "small", "medium", "large"].map((size) => prices.instanceHour[`${family}.${size}`]);
                sizes.slice(1).forEach((price, i) => assert.ok(Math.abs(price / sizes[i] - 2) < 0.02, `${region} ${family}: ${sizes.join(", ")}`));
            }
        }
    });

    it("names a source page and a basis for every price, and a date", () => {
        assert.match(PRICES_CHECKED, /^\d{4}-\d{2}-\d{2}$/);
        for (const [region, prices] of Object.entries(REGION_PRICES)) {
            for (const [key, value] of Object.entries(prices)) {
                if (value !== null && typeof value === "object" && "source" in value) {
                    assert.match(String(value.source), /^https:\/\/(aws\.amazon\.com|docs\.aws\.amazon\.com)\//, `${region} ${key}`);
                    assert.ok(["pricing-page", "best-knowledge"].includes(String(value.basis)), `${region} ${key}`);
                }
            }
        }
    });
});

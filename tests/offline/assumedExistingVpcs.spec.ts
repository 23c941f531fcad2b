import * as assert from "assert";
import { assumedExistingVpcs } from "../../offline/assumedExistingVpcs";
import { readStackConfig } from "../../config/stackFiles";

describe("existing VPCs in an offline run", () => {
    const existing = {
        "vpc-labs:bastionSsmNetworkSource": "existing",
        "vpc-labs:bastionSsmExistingVpcId": "vpc-0abc12345678",
        "vpc-labs:bastionSsmExistingSubnetIds": '["subnet-00000001","subnet-00000002","subnet-00000011","subnet-00000012"]',
    };

    it("are assumed to be shaped as the lab expects: its CIDRs, zones and tiers", () => {
        assert.deepStrictEqual(assumedExistingVpcs({ ...readStackConfig("lab"), ...existing }), [
            {
                id: "vpc-0abc12345678",
                cidrBlock: "10.1.0.0/16",
                enableDnsHostnames: true,
                enableDnsSupport: true,
                subnets: [
                    { id: "subnet-00000001", cidrBlock: "10.1.1.0/24", availabilityZone: "ap-northeast-2a", public: true },
                    { id: "subnet-00000002", cidrBlock: "10.1.2.0/24", availabilityZone: "ap-northeast-2c", public: true },
                    { id: "subnet-00000011", cidrBlock: "10.1.11.0/24", availabilityZone: "ap-northeast-2a", public: false },
                    { id: "subnet-00000012", cidrBlock: "10.1.12.0/24", availabilityZone: "ap-northeast-2c", public: false },
                ],
            },
        ]);
    });

    it("are none for stacks without existing VPCs, or whose config the program will refuse", () => {
        assert.deepStrictEqual(assumedExistingVpcs(readStackConfig("lab")), []);
        assert.deepStrictEqual(assumedExistingVpcs({ ...readStackConfig("lab"), ...existing, "vpc-labs:labs": '["nope"]' }), []);
    });
});

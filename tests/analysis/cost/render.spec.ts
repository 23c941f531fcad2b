import * as assert from "assert";
import { renderCost, usd } from "../../../analysis/cost/render";
import { estimateOf, smallStack } from "../../fixtures/costRecords";

describe("the cost block plan prints", () => {
    it("gives the totals, the labs, the items largest first, what is billed by use and what is free", () => {
        assert.deepStrictEqual(renderCost(estimateOf(smallStack())), [
            "Cost estimate (on-demand, ap-northeast-2, list prices of 2026-12-03 in analysis/cost/priceTable.ts):",
            "  $0.1329 per hour, $95.67 per 30 days",
            "  per lab: endpoints $0.0464/h · bastion-ssm $0.0865/h",
            "  items:   1 NAT gateway $0.059/h · 2 interface endpoint AZs $0.026/h · 1 load balancer $0.0225/h · 1 instance $0.013/h · 2 public IPv4 addresses $0.010/h · 1 KMS key $0.0014/h · 8 GiB of EBS $0.001/h",
            "  billed by use, not in the figure: GB processed by interface endpoints, KMS requests, S3 storage, GB processed by NAT gateways, load balancer capacity units, flow-log delivery, log storage",
            "  free: 1 gateway endpoint, 1 EC2 Instance Connect Endpoint",
        ]);
    });

    it("says the total is a lower bound and names what has no price, grouped by reason", () => {
        assert.deepStrictEqual(renderCost(estimateOf(smallStack("sa-east-1"))).filter((line) => /lower bound|not priced/.test(line)), [
            "  $0.000 per hour, $0.000 per 30 days (a lower bound: some charges have no price, below)",
            "  not priced (no price table for Region sa-east-1): public-ec2, cfn-endpoint, logs-key and 3 more",
        ]);
    });

    it("writes dollars with cents from $1 up and list-price precision below", () => {
        assert.deepStrictEqual([usd(298.4271), usd(1), usd(0.0225), usd(0.41449), usd(0.2), usd(0)], ["$298.43", "$1.00", "$0.0225", "$0.4145", "$0.200", "$0.000"]);
    });
});

import { checkVpcLayout } from "../../config/layout";
import { readCidr } from "../../config/reader";
import { Problem, ProblemList } from "../../lib/errors";
import { NetworkSpec } from "./spec";

/**
 * Everything wrong with a network spec, keyed by argument path. Called before the component
 * registers anything, so a bad spec creates nothing.
 */
export function networkSpecProblems(spec: NetworkSpec): Problem[] {
    const problems = new ProblemList();
    const report = problems.report.bind(problems);
    checkVpcLayout(
        problems,
        readCidr(problems, "cidrBlock", spec.cidrBlock, "10.0.0.0/16"),
        spec.subnets.map((subnet, i) => readCidr(problems, `subnets[${i}].cidrBlock`, subnet.cidrBlock, "10.0.1.0/24")),
    );
    const nat = spec.natGateways ?? "none";
    const tableKeys = spec.routeTables.map((t) => t.key);
    spec.routeTables.forEach((table, i) => {
        if (tableKeys.indexOf(table.key) !== i) {
            report(`routeTables[${i}].key`, `"${table.key}" is used twice`, "give every route table its own key");
        }
        if (table.defaultRoute === "internet-gateway" && !spec.internetGatewayName) {
            report(`routeTables[${i}].defaultRoute`, `${table.name} routes to an internet gateway but the VPC has none`, "set internetGatewayName, or use defaultRoute none");
        }
        if (table.defaultRoute === "nat-gateway") {
            if (nat === "none") {
                report(`routeTables[${i}].defaultRoute`, `${table.name} routes to a NAT gateway but natGateways is none`, 'set natGateways to "single" or "per-az", or use defaultRoute none');
            }
            const zones = new Set(spec.subnets.filter((s) => s.routeTable === table.key).map((s) => s.zoneIndex));
            if (nat === "per-az" && zones.size > 1) {
                report(
                    `routeTables[${i}]`,
                    `${table.name} serves subnets in ${zones.size} zones, but per-az NAT gives each zone its own gateway`,
                    "use one route table per zone, or natGateways single",
                );
            }
        }
    });
    const subnetKeys = spec.subnets.map((s) => s.key);
    spec.subnets.forEach((subnet, i) => {
        if (subnetKeys.indexOf(subnet.key) !== i) {
            report(`subnets[${i}].key`, `"${subnet.key}" is used twice`, "give every subnet its own key");
        }
        const table = spec.routeTables.find((t) => t.key === subnet.routeTable);
        if (!table) {
            report(`subnets[${i}].routeTable`, `"${subnet.routeTable}" is not a route table of this network`, `use one of ${tableKeys.join(", ")}`);
        } else if (table.tier !== subnet.tier) {
            report(`subnets[${i}].routeTable`, `${subnet.name} is ${subnet.tier} but ${table.name} is ${table.tier}`, `associate it with a ${subnet.tier} route table`);
        }
    });
    const natUsers = spec.routeTables.filter((t) => t.defaultRoute === "nat-gateway");
    if (nat !== "none") {
        if (!spec.internetGatewayName) {
            report("natGateways", "a NAT gateway needs an internet gateway to reach the internet", "set internetGatewayName");
        }
        if (natUsers.length === 0) {
            report("natGateways", `is ${nat} but no route table sends traffic to a NAT gateway (each costs per hour)`, 'set natGateways to "none", or route a private table to nat-gateway');
        }
        for (const zone of natZones(spec)) {
            if (!spec.subnets.some((s) => s.tier === "public" && s.zoneIndex === zone)) {
                report("natGateways", `zone ${zone + 1} needs a NAT gateway but has no public subnet to put it in`, "add a public subnet in that zone");
            }
        }
    }
    return problems.problems;
}

/** The zones that get a NAT gateway: zone 1 for single, each zone a NAT-routed subnet is in for per-az. */
export function natZones(spec: NetworkSpec): number[] {
    const nat = spec.natGateways ?? "none";
    if (nat === "none") {
        return [];
    }
    if (nat === "single") {
        const firstPublic = spec.subnets.filter((s) => s.tier === "public").sort((a, b) => a.zoneIndex - b.zoneIndex)[0];
        return [firstPublic?.zoneIndex ?? 0];
    }
    const natTables = new Set(spec.routeTables.filter((t) => t.defaultRoute === "nat-gateway").map((t) => t.key));
    return [...new Set(spec.subnets.filter((s) => natTables.has(s.routeTable)).map((s) => s.zoneIndex))].sort();
}

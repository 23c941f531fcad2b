/**
 * What an offline run of a stack cannot answer from this package's own tables, so that a plan
 * in a real Region the tables lack says so instead of passing off the fake account's guesses:
 * the zones and instance offerings (offline/fakeInstanceOfferings.ts), the prices
 * (analysis/cost/priceTable.ts), the vCPUs the quota preflight counts, and the interface endpoint
 * services (config/endpointServices.ts). A real run looks each of them up in the account.
 */
import { instanceVcpus } from "../analysis/quotas/instanceVcpus";
import { regionPrices } from "../analysis/cost/priceTable";
import { interfaceServiceKnowledge, INTERFACE_SERVICES_SOURCE } from "../config/endpointServices";
import { ConfigReader, RawConfig } from "../config/reader";
import { INSTANCE_OFFERINGS } from "./fakeInstanceOfferings";

/** One warning per offline answer the tables lack for this stack's config; [] when they have them all. */
export function offlineGaps(raw: RawConfig, region: string): string[] {
    const reader = new ConfigReader(raw);
    const instanceType = reader.string("instanceType");
    const gaps: string[] = [];
    if (!Object.hasOwn(INSTANCE_OFFERINGS, region)) {
        gaps.push(`${region}: the offline tables have no zones or instance offerings for this Region; the plan assumes zones ${region}a to ${region}d, each offering every type (a real run looks them up)`);
    }
    const prices = regionPrices(region);
    if (!prices) {
        gaps.push(`${region}: the price table has no prices for this Region; the cost estimate leaves its resources unpriced`);
    } else if (prices.instanceHour[instanceType] === undefined) {
        gaps.push(`${instanceType}: the price table has no ${region} price for this instance type; the cost estimate leaves the instances unpriced`);
    }
    if (instanceVcpus(instanceType) === undefined) {
        gaps.push(`${instanceType}: the vCPUs of this instance type are not in the offline table; the quota preflight leaves it out (a real run reads the account's quotas)`);
    }
    const labs = reader.list("labs");
    const services = labs.includes("endpoints") ? reader.list("endpointsInterfaceServices") : [];
    for (const service of services.filter((s) => interfaceServiceKnowledge(s) === "unknown")) {
        gaps.push(`${service}: not in the offline table of interface endpoint services (${INTERFACE_SERVICES_SOURCE}); whether ${region} offers it is looked up on a real run`);
    }
    return gaps;
}

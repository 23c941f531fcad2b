import { environmentOf } from "../components/labs/buildStack";
import { labDefinition } from "../components/labs/registry";
import { RawConfig } from "../config/reader";
import { validateStackConfig } from "../config/validate";
import { ConfigError } from "../lib/errors";
import { DEFAULT_ACCOUNT, FakeAccount, FakeExistingVpc } from "./fakeCloud";
import { fakeRegionZones } from "./fakeInstanceOfferings";

/**
 * The existing VPCs a stack's config names, as the fake account should hold them for an
 * offline run: each shaped the way its lab expects (the lab's CIDRs, zones and tiers, DNS on,
 * public subnets routed to an internet gateway). An offline run cannot see the real VPC; the
 * lookups and checks that run against it are exercised by the tests and by `pulumi preview`.
 * A config that does not validate gets none: the program reports its problems itself.
 */
export function assumedExistingVpcs(config: RawConfig, accountOverrides: Partial<FakeAccount> = {}): FakeExistingVpc[] {
    const account = { ...DEFAULT_ACCOUNT, ...accountOverrides };
    if (accountOverrides.region && !accountOverrides.availabilityZones) {
        account.availabilityZones = fakeRegionZones(accountOverrides.region);
    }
    let stack;
    try {
        stack = validateStackConfig(config, { region: account.region, availableZones: account.availabilityZones });
    } catch (error) {
        if (ConfigError.isConfigError(error)) {
            return [];
        }
        throw error;
    }
    const environment = environmentOf({ config: stack, aws: { accountId: account.accountId, partition: account.partition, region: account.region } });
    return stack.labs.flatMap((name) => {
        const definition = labDefinition(name);
        return (definition?.networks(environment, definition.configOf(stack)) ?? []).flatMap((slot) => {
            const source = stack.networkSources[slot.key];
            if (source.kind !== "existing" || source.subnetIds.length !== slot.spec.subnets.length) {
                return [];
            }
            return [
                {
                    id: source.vpcId,
                    cidrBlock: slot.spec.cidrBlock,
                    enableDnsHostnames: true,
                    enableDnsSupport: true,
                    subnets: slot.spec.subnets.map((subnet, i) => ({
                        id: source.subnetIds[i],
                        cidrBlock: subnet.cidrBlock,
                        availabilityZone: environment.availabilityZones[subnet.zoneIndex],
                        public: subnet.tier === "public",
                    })),
                },
            ];
        });
    });
}

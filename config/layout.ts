import { MAX_AWS_PREFIX, MIN_AWS_PREFIX, cidrContains, cidrsOverlap, isPrivateBlock, PRIVATE_RANGES } from "../lib/cidr";
import { Reporter } from "../lib/errors";
import { KeyedCidr } from "./reader";

/**
 * Checks one VPC's address plan: the VPC block is private and of a size AWS accepts, every
 * subnet lies inside it with an accepted size, and no two subnets overlap.
 */
export function checkVpcLayout(reader: Reporter, vpc: KeyedCidr | undefined, subnets: readonly (KeyedCidr | undefined)[]): void {
    if (vpc) {
        if (!isPrivateBlock(vpc.block)) {
            reader.report(
                vpc.key,
                `${vpc.text} is not a private range (${PRIVATE_RANGES.join(", ")}); a publicly routable VPC range shadows real internet addresses`,
                "choose a block inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10",
            );
        }
        checkPrefix(reader, vpc, "a VPC");
    }
    const present = subnets.filter((s): s is KeyedCidr => s !== undefined);
    present.forEach((subnet, i) => {
        checkPrefix(reader, subnet, "a subnet");
        if (vpc && !cidrContains(vpc.block, subnet.block)) {
            reader.report(subnet.key, `${subnet.text} is outside its VPC ${vpc.text}`, `choose a block inside ${vpc.text}`);
        }
        for (const other of present.slice(0, i)) {
            if (cidrsOverlap(subnet.block, other.block)) {
                reader.report(subnet.key, `${subnet.text} overlaps ${other.key} (${other.text})`, "give every subnet its own block");
            }
        }
    });
}

function checkPrefix(reader: Reporter, cidr: KeyedCidr, what: string): void {
    if (cidr.block.prefix < MIN_AWS_PREFIX || cidr.block.prefix > MAX_AWS_PREFIX) {
        reader.report(
            cidr.key,
            `/${cidr.block.prefix} is not a size AWS accepts for ${what} (/${MIN_AWS_PREFIX} to /${MAX_AWS_PREFIX})`,
            `use a prefix between /${MIN_AWS_PREFIX} and /${MAX_AWS_PREFIX}`,
        );
    }
}

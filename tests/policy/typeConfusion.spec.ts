import * as assert from "assert";
import fc from "fast-check";
import { readFileSync } from "fs";
import { join } from "path";
import { readStackExport } from "../../offline/plan/stackExport";
import { analyze, PolicyResourceRecord, recordsFromEngine } from "../../policy/analyzer";

/**
 * A seeded fuzz of the policy pack over property values of the wrong type: a deployed stack's
 * resources (the hand-written legacy export, which every rule has something to say about)
 * with random properties replaced by random JSON. Exports are validated for their own fields,
 * not for the provider's property schemas, so every rule must read any JSON without throwing.
 */

const LEGACY = readStackExport(readFileSync(join(__dirname, "..", "fixtures", "exports", "legacy-prod.json"), "utf8"));
const RECORDS = recordsFromEngine(LEGACY.resources);

/** Property names the rules read, so the replacements hit code paths, not ignored keys. */
const PROPERTY_NAMES = [
    ...new Set(RECORDS.flatMap((r) => Object.keys(r.props))),
    "ingress", "egress", "cidrBlocks", "fromPort", "toPort", "protocol", "ipProtocol", "cidrIpv4", "policy", "assumeRolePolicy", "subnetIds", "routeTableIds",
    "securityGroupIds", "userData", "metadataOptions", "tags", "serviceName", "vpcEndpointType", "retentionInDays", "trafficType", "logDestination", "vpcId",
];

const mutation = fc.tuple(fc.nat({ max: RECORDS.length - 1 }), fc.constantFrom(...PROPERTY_NAMES), fc.jsonValue({ maxDepth: 3 }));

function mutated(changes: readonly [number, string, unknown][]): PolicyResourceRecord[] {
    const records = RECORDS.map((r) => ({ ...r, props: { ...r.props } }));
    for (const [index, key, value] of changes) {
        (records[index].props as Record<string, unknown>)[key] = value;
    }
    return records;
}

describe("policy pack over values of the wrong type (seeded fuzz)", () => {
    it("answers with violations, never an exception, for 100 stacks with random properties replaced", async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (changes) => {
                const report = await analyze(mutated(changes));
                assert.ok(Array.isArray(report.violations));
            }),
            { seed: 20261203, numRuns: 100 },
        );
    });
});

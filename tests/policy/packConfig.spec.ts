import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { loadPolicyConfigFile, parsePolicyConfigFile, PolicyConfigError, resolvePolicyConfig, unknownConfigKeys } from "../../policy/packConfig";
import { PACK_ENFORCEMENT_LEVEL, POLICIES } from "../../policy/policies";

const POLICY_DIR = join(__dirname, "../../policy");

/** The properties a stack config resolves to for one policy: defaults merged with the file. */
function resolvedProperties(file: string, policy: string) {
    return resolvePolicyConfig(POLICIES, PACK_ENFORCEMENT_LEVEL, loadPolicyConfigFile(join(POLICY_DIR, file))).get(policy)?.properties;
}

describe("the stack policy configs", () => {
    for (const file of ["config.dev.json", "config.lab.json"]) {
        it(`${file} parses, names only existing policies and config properties, and fits every schema`, () => {
            const config = loadPolicyConfigFile(join(POLICY_DIR, file));
            assert.ok(Object.keys(config).length > 0);
            assert.deepStrictEqual(unknownConfigKeys(POLICIES, config), []);
            assert.doesNotThrow(() => resolvePolicyConfig(POLICIES, PACK_ENFORCEMENT_LEVEL, config));
        });
    }

    it("lets the dev stack put interface endpoints in one zone and keep flow logs for days, at 600-second records", () => {
        assert.deepStrictEqual(resolvedProperties("config.dev.json", "interface-endpoint-availability-zones"), { minAvailabilityZones: 1 });
        assert.deepStrictEqual(resolvedProperties("config.dev.json", "flow-log-aggregation-interval"), { maxAggregationIntervalSeconds: 600 });
        assert.deepStrictEqual(resolvedProperties("config.dev.json", "flow-log-group-retention"), { minRetentionDays: 1, maxRetentionDays: 7, requireKmsKey: false });
    });

    it("holds the lab stack to two zones, one-minute records of ALL traffic and a month of retention", () => {
        assert.deepStrictEqual(resolvedProperties("config.lab.json", "interface-endpoint-availability-zones"), { minAvailabilityZones: 2 });
        assert.deepStrictEqual(resolvedProperties("config.lab.json", "flow-log-aggregation-interval"), { maxAggregationIntervalSeconds: 60 });
        assert.deepStrictEqual(resolvedProperties("config.lab.json", "flow-log-traffic-type"), { allowedTrafficTypes: ["ALL"], workshop: false });
        assert.deepStrictEqual(resolvedProperties("config.lab.json", "flow-log-group-retention"), { minRetentionDays: 30, maxRetentionDays: 90, requireKmsKey: false });
    });

    it("keep every policy at its declared level: the files tune properties only", () => {
        for (const file of ["config.dev.json", "config.lab.json"]) {
            const raw = JSON.parse(readFileSync(join(POLICY_DIR, file), "utf8")) as Record<string, unknown>;
            for (const [name, entry] of Object.entries(raw)) {
                assert.strictEqual(typeof entry, "object", `${file} ${name}`);
                assert.ok(!("enforcementLevel" in (entry as object)), `${file} ${name}`);
            }
        }
    });
});

describe("policy config files", () => {
    it("are read as the CLI reads them: a level, or an object with an optional level; empty is no config", () => {
        assert.deepStrictEqual(parsePolicyConfigFile('{"all": "advisory", "vpc-has-flow-log": {"enforcementLevel": "disabled", "acceptSubnetCoverage": true}}'), {
            all: "advisory",
            "vpc-has-flow-log": { enforcementLevel: "disabled", acceptSubnetCoverage: true },
        });
        assert.deepStrictEqual(parsePolicyConfigFile("  \n"), {});
    });

    it("are refused with every bad entry named", () => {
        assert.throws(
            () => parsePolicyConfigFile('{"a": "strict", "b": {"enforcementLevel": 3}, "c": [1]}'),
            (error: unknown) =>
                error instanceof PolicyConfigError &&
                JSON.stringify(error.problems) ===
                    JSON.stringify(['a: "strict" is not a valid enforcement level', "b.enforcementLevel: 3 is not a valid enforcement level", "c: [1] is not a valid value; must be a string or object"]),
        );
        assert.throws(() => parsePolicyConfigFile("[]"), PolicyConfigError);
    });

    it("have their typos found: unknown policies and unknown properties", () => {
        const config = { "vpc-has-flowlog": "advisory", "vpc-has-flow-log": { acceptSubnets: true }, all: "mandatory" } as const;
        assert.deepStrictEqual(unknownConfigKeys(POLICIES, config), [
            "vpc-has-flowlog: no policy of that name; did you mean vpc-has-flow-log?",
            "vpc-has-flow-log.acceptSubnets: policy vpc-has-flow-log has no config property acceptSubnets; its properties are acceptSubnetCoverage",
        ]);
    });

    it("merge over the schema defaults property by property, keeping defaults the file leaves out", () => {
        const resolved = resolvePolicyConfig(POLICIES, PACK_ENFORCEMENT_LEVEL, { "flow-log-group-retention": { maxRetentionDays: 14 } });
        assert.deepStrictEqual(resolved.get("flow-log-group-retention"), {
            enforcementLevel: "mandatory",
            properties: { minRetentionDays: 1, maxRetentionDays: 14, requireKmsKey: false },
        });
        assert.deepStrictEqual(resolved.get("vpc-cidr-private"), { enforcementLevel: "mandatory", properties: {} });
    });
});

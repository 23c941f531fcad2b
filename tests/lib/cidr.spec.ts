import * as assert from "assert";
import fc from "fast-check";
import { cidrContains, cidrsOverlap, formatCidr, isAnywhere, isPrivateCidr, parseCidr } from "../../lib/cidr";

/** An arbitrary valid block: any address, masked to any prefix. */
const block = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([address, prefix]) => ({
    network: prefix === 0 ? 0 : (address & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0,
    prefix,
}));

describe("CIDR arithmetic", () => {
    it("parses and formats every valid block back to itself", () => {
        fc.assert(fc.property(block, (b) => assert.deepStrictEqual(parseCidr(formatCidr(b)), b)));
    });

    it("refuses malformed text and blocks with host bits set", () => {
        for (const text of ["10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "10.0.0.1/16", "10.0.0/16", "a.b.c.d/8", "", "10.0.0.0/-1"]) {
            assert.strictEqual(parseCidr(text), undefined, text);
        }
    });

    it("treats containment as a partial order consistent with overlap", () => {
        fc.assert(
            fc.property(block, block, (a, b) => {
                assert.ok(cidrContains(a, a));
                if (cidrContains(a, b)) {
                    assert.ok(cidrsOverlap(a, b), "a block overlaps what it contains");
                    assert.ok(a.prefix <= b.prefix);
                }
                // Two CIDR blocks either nest or are disjoint.
                assert.strictEqual(cidrsOverlap(a, b), cidrContains(a, b) || cidrContains(b, a));
                assert.strictEqual(cidrsOverlap(a, b), cidrsOverlap(b, a));
            }),
        );
    });

    it("knows the lab layouts: subnets inside their VPC, neighbours apart", () => {
        const vpc = parseCidr("10.1.0.0/16")!;
        assert.ok(cidrContains(vpc, parseCidr("10.1.12.0/24")!));
        assert.ok(!cidrContains(vpc, parseCidr("10.2.0.0/24")!));
        assert.ok(!cidrsOverlap(parseCidr("10.1.1.0/24")!, parseCidr("10.1.2.0/24")!));
        assert.ok(cidrsOverlap(parseCidr("10.1.0.0/23")!, parseCidr("10.1.1.0/24")!));
    });

    it("accepts RFC 1918 and RFC 6598 ranges as private and nothing else", () => {
        for (const text of ["10.0.0.0/16", "172.20.0.0/16", "172.31.255.0/24", "192.168.0.0/16", "100.64.0.0/10", "100.127.0.0/16"]) {
            assert.ok(isPrivateCidr(text), text);
        }
        for (const text of ["20.0.0.0/16", "172.32.0.0/16", "100.128.0.0/16", "8.0.0.0/8", "0.0.0.0/0", "10.0.0.0/7", "bad"]) {
            assert.ok(!isPrivateCidr(text), text);
        }
    });

    it("recognises the whole internet in IPv4 and IPv6 spellings", () => {
        for (const text of ["0.0.0.0/0", "::/0", " 0.0.0.0/0 ", "0:0:0:0:0:0:0:0/0"]) {
            assert.ok(isAnywhere(text), text);
        }
        for (const text of ["0.0.0.0/1", "203.0.113.7/32", "2001:db8::/32", "::1/128"]) {
            assert.ok(!isAnywhere(text), text);
        }
    });
});

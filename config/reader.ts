import { formatCidr, Ipv4Block, isAnywhere, parseCidr } from "../lib/cidr";
import { Problem, quoted, Reporter } from "../lib/errors";
import { CONFIG_KEYS, ConfigKeyName, qualified } from "./keys";

/**
 * Raw stack config as Pulumi hands it to a program: every value a string, arrays and objects
 * as JSON text, keys fully qualified (`vpc-labs:labs`).
 */
export type RawConfig = Readonly<Record<string, string>>;

/**
 * Reads typed values out of raw config, falling back to the declared default, and collects a
 * problem (key, rule, fix) for every value it cannot use instead of stopping at the first.
 * A value that fails to read is returned as the key's default so later checks still run.
 */
export class ConfigReader implements Reporter {
    readonly problems: Problem[] = [];

    constructor(private readonly raw: RawConfig) {}

    /** Records a problem about a key (qualified as users write it). */
    report(key: string, rule: string, fix: string): void {
        this.problems.push({ key: key.includes(":") ? key : qualified(key), rule, fix });
    }

    private text(key: ConfigKeyName): string | undefined {
        return this.raw[qualified(key)];
    }

    string(key: ConfigKeyName): string {
        const value = this.text(key);
        return value === undefined ? (CONFIG_KEYS[key].default as string) : value.trim();
    }

    /** A string that must be one of `allowed`. */
    choice<T extends string>(key: ConfigKeyName, allowed: readonly T[]): T {
        const value = this.string(key);
        if ((allowed as readonly string[]).includes(value)) {
            return value as T;
        }
        this.report(key, `${quoted(value)} is not one of ${allowed.join(", ")}`, `set it to one of ${allowed.join(", ")}`);
        return CONFIG_KEYS[key].default as T;
    }

    integer(key: ConfigKeyName, allowed?: readonly number[]): number {
        const text = this.text(key);
        const fallback = CONFIG_KEYS[key].default as number;
        if (text === undefined) {
            return fallback;
        }
        // Digits only: Number() would also take "0x1e", "1e3", " 7 " and "" (as 0).
        const value = /^-?\d{1,15}$/.test(text) ? Number(text) : NaN;
        if (!Number.isInteger(value)) {
            this.report(key, `${quoted(text)} is not a whole number`, `set it to a whole number such as ${fallback}`);
            return fallback;
        }
        if (allowed && !allowed.includes(value)) {
            this.report(key, `${value} is not one of ${allowed.join(", ")}`, `set it to one of ${allowed.join(", ")}`);
            return fallback;
        }
        return value;
    }

    boolean(key: ConfigKeyName): boolean {
        const text = this.text(key);
        if (text === undefined) {
            return CONFIG_KEYS[key].default as boolean;
        }
        if (text === "true" || text === "false") {
            return text === "true";
        }
        this.report(key, `${quoted(text)} is not a boolean`, "set it to true or false");
        return CONFIG_KEYS[key].default as boolean;
    }

    /** An array of strings, written in YAML as a list (Pulumi passes it as JSON text). */
    list(key: ConfigKeyName): string[] {
        const text = this.text(key);
        const fallback = [...(CONFIG_KEYS[key].default as readonly string[])];
        if (text === undefined) {
            return fallback;
        }
        let value: unknown;
        try {
            value = JSON.parse(text);
        } catch {
            value = undefined;
        }
        if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
            this.report(key, "is not a list of strings", `write it as a YAML list, e.g. ${key}: [${fallback.map((v) => `"${v}"`).join(", ")}]`);
            return fallback;
        }
        return value.map((item: string) => item.trim());
    }

    /**
     * A list whose items must each be one of `allowed`, without repeats.
     */
    choices<T extends string>(key: ConfigKeyName, allowed: readonly T[]): T[] {
        const values = this.list(key);
        const seen = new Set<string>();
        values.forEach((value, index) => {
            if (!(allowed as readonly string[]).includes(value)) {
                this.report(`${key}[${index}]`, `${quoted(value)} is not one of ${allowed.join(", ")}`, `use only ${allowed.join(", ")}`);
            } else if (seen.has(value)) {
                this.report(`${key}[${index}]`, `${quoted(value)} is listed twice`, "list each value once");
            }
            seen.add(value);
        });
        return values.filter((v, i) => (allowed as readonly string[]).includes(v) && values.indexOf(v) === i) as T[];
    }
}

/** A CIDR value read from config, remembered with the key it came from for later checks. */
export interface KeyedCidr {
    /** The key as users write it, with an index for list items: `vpc-labs:x[1]`. */
    readonly key: string;
    readonly text: string;
    readonly block: Ipv4Block;
}

/**
 * Parses a CIDR from a config value and reports malformed or /0 values; returns undefined
 * when it cannot be used.
 */
export function readCidr(reader: Reporter, key: string, text: string, example: string): KeyedCidr | undefined {
    const block = parseCidr(text);
    if (!block) {
        reader.report(key, `${quoted(text)} is not an IPv4 CIDR block (a.b.c.d/n with no host bits set)`, `write it like ${example}`);
        return undefined;
    }
    if (isAnywhere(text)) {
        reader.report(key, `${quoted(text)} is the whole internet`, `use a narrower block like ${example}`);
        return undefined;
    }
    // AWS (and the provider, which parses CIDRs with Go's net.ParseCIDR) refuses leading zeros
    // and surrounding spaces: refuse them here with the spelling it takes.
    const canonical = formatCidr(block);
    if (canonical !== text) {
        reader.report(key, `${quoted(text)} is not written as AWS accepts a CIDR block (no leading zeros, no spaces)`, `write it as ${canonical}`);
        return undefined;
    }
    return { key: reader instanceof ConfigReader ? qualified(key) : key, text, block };
}

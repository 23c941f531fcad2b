import { createHash } from "crypto";

/** A short stable hex string for a seed: same program, same IDs, on every run and machine. */
export function stableHex(seed: string, length = 17): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

import { BlockedBy, Hop, Reachability } from "./answer";

/** The outcome of following a flow: the hops so far and how it ended. */
export interface Outcome {
    readonly reachable: Reachability;
    readonly hops: readonly Hop[];
    readonly blockedBy: BlockedBy | null;
    readonly unknownReason?: string;
}

/** Thrown inside a walk to stop it: blocked or unknown. */
export class Stop {
    constructor(
        readonly reachable: false | null,
        readonly blockedBy: BlockedBy | null,
        readonly unknownReason?: string,
    ) {}
}

/** The hops of one walk through the network, in order. */
export class Trace {
    readonly hops: Hop[] = [];

    add(hop: Hop): void {
        this.hops.push(hop);
    }

    block(blockedBy: BlockedBy): never {
        throw new Stop(false, blockedBy);
    }

    unknown(reason: string): never {
        throw new Stop(null, null, reason);
    }

    /** Runs a walk; its hops and how it stopped as an outcome. */
    static run(walk: (trace: Trace) => void, hops: readonly Hop[] = []): Outcome {
        const trace = new Trace();
        trace.hops.push(...hops);
        try {
            walk(trace);
            return { reachable: true, hops: trace.hops, blockedBy: null };
        } catch (error) {
            if (error instanceof Stop) {
                return { reachable: error.reachable, hops: trace.hops, blockedBy: error.blockedBy, ...(error.unknownReason ? { unknownReason: error.unknownReason } : {}) };
            }
            throw error;
        }
    }
}

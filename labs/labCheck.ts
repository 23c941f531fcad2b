import { LabName } from "../config/keys";
import { LabStage } from "../config/stages";

/** The protocol of a connectivity probe, as `reach --protocol` takes it. */
export type ProbeProtocol = "tcp" | "udp" | "icmp";

/**
 * The machine-readable question behind a connectivity check: what the offline reachability
 * analysis answers, so a check's stated outcome can be compared with the resources.
 */
export interface ConnectivityProbe {
    /** Source: a Name tag or resource name, an IPv4 address, `internet`, or a DNS name. */
    readonly from: string;
    /** Destination: the same forms as `from`, or `s3://<bucket>` for an S3 request. */
    readonly to: string;
    readonly protocol: ProbeProtocol;
    /** The tcp or udp port; absent for icmp. */
    readonly port?: number;
    /** What the lab states: the flow gets through (true) or is blocked (false). */
    readonly expectReachable: boolean;
}

/**
 * One check a student runs, in the one shape every lab exports (`<lab>.checks`): where to
 * run what, what a working lab answers, and what to look at when it answers something else.
 */
export interface LabCheck {
    /** Stable kebab-case name, unique within the lab, e.g. `s3-ping-private`. */
    readonly id: string;
    readonly lab: LabName;
    /** The stage of the lab the check belongs to. */
    readonly stage: LabStage;
    /** Where to run the command: your own shell, or a shell on a named instance. */
    readonly where: string;
    readonly command: string;
    /** What a working lab prints or does. */
    readonly expected: string;
    /** What to check when the likely wrong result appears instead. @default none */
    readonly hint?: string;
    /** How long to wait before running it, where AWS needs time (endpoint ready, first flow-log records). @default none */
    readonly waitSeconds?: number;
    /** Why the step is run where or how it is, when that is not obvious. @default none */
    readonly note?: string;
    /** The connectivity question the check asks, when it is one. @default none */
    readonly probe?: ConnectivityProbe;
    /** The texts of `where`, `expected`, `hint` and `note` in Korean, the originals' language. @default none (the guide shows the English) */
    readonly ko?: LabCheckText;
}

/** The human-language fields of a check, in one language. */
export interface LabCheckText {
    readonly where: string;
    readonly expected: string;
    readonly hint?: string;
    readonly note?: string;
}

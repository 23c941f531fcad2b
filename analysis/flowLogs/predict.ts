import { Hop, HopInterface, ReachAnswer } from "../reach/answer";
import { FLOW_LOG_FIELDS } from "../../lib/flowLogFields";
import { effectiveFields, TRAFFIC_PATHS } from "../../labs/flowLogs/fields";
import { PROTOCOL_NUMBERS } from "../../labs/flowLogs/queries";
import { StackFlowLog, StackFlowLogView, StackInterface } from "./stackView";

/**
 * The flow log records a flow leaves, predicted from the reachability analysis's answer: for
 * every ENI the packets cross, which of the stack's flow logs record it (VPC, subnet or ENI
 * scope, and their traffic type), with the action, the direction and, where the format has
 * it, the traffic path. Pure: the answer and the stack's flow logs in, records out.
 */

export interface PredictedRecord {
    /** The flow log that writes it. */
    readonly flowLog: Pick<StackFlowLog, "urn" | "label" | "scope" | "trafficType" | "destination" | "logGroupName" | "bucket">;
    /** The request (source to destination) or the response coming back. */
    readonly leg: "request" | "response";
    /** The ENI it is recorded on, by its owner. */
    readonly interface: { readonly ownerUrn: string; readonly ownerName: string; readonly eniId?: string; readonly address?: string };
    readonly action: "ACCEPT" | "REJECT";
    readonly direction: "ingress" | "egress";
    /** The documented traffic-path code, for egress records of a format that has the field. */
    readonly trafficPath?: number;
    /**
     * The record's values in the flow log's format, for the fields known before it is written
     * (not packets, bytes, times or an ephemeral port): what to look for.
     */
    readonly values: Readonly<Record<string, string>>;
}

/** One crossing of an ENI by a packet, in path order. */
interface Crossing {
    readonly hopIndex: number;
    readonly port: HopInterface;
    readonly action: "ACCEPT" | "REJECT";
}

/** Instance families on the Xen hypervisor, whose egress records use traffic-path 2 instead of 7 or 8. */
const XEN_FAMILIES = new Set(["t1", "t2", "m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "x1", "x1e", "d2", "h1", "i2", "i3", "p2", "p3", "g2", "g3", "f1"]);

function isNitro(instanceType: string | undefined): boolean {
    return instanceType === undefined || !XEN_FAMILIES.has(instanceType.split(".")[0]);
}

/** The pkt-*-aws-service code of an AWS service end. */
function serviceCode(answerEnd: ReachAnswer["to"]): string | undefined {
    if (answerEnd.type !== "AwsService" && !answerEnd.query.startsWith("s3://")) {
        return undefined;
    }
    const text = `${answerEnd.query} ${answerEnd.name}`.toLowerCase();
    return /(^|[^a-z])s3([^a-z]|$)/.test(text) ? "S3" : /dynamodb/.test(text) ? "DYNAMODB" : /ec2/.test(text) ? "EC2" : "AMAZON";
}

/** The crossings of the request: hop ENIs (accepted), then the ENI where it is dropped (rejected). */
function requestCrossings(answer: ReachAnswer): Crossing[] {
    const crossings: Crossing[] = answer.hops.flatMap((hop, hopIndex) => (hop.interface ? [{ hopIndex, port: hop.interface, action: "ACCEPT" as const }] : []));
    if (answer.blockedBy?.interface) {
        crossings.push({ hopIndex: answer.hops.length, port: answer.blockedBy.interface, action: "REJECT" });
    }
    return crossings;
}

/**
 * The traffic path of an egress crossing: what the packet meets after leaving the ENI, up to
 * the next ENI. Another ENI of the VPC (instance, endpoint, NAT, load balancer): 1; a gateway
 * endpoint: 7 (2 off Nitro); an internet gateway: 8 (2 off Nitro).
 */
function trafficPath(hops: readonly Hop[], from: number, owner: StackInterface | undefined, reachesAnotherEni: boolean): number | undefined {
    const nitro = owner?.ownerType === "aws:ec2/instance:Instance" ? isNitro(owner.instanceType) : false;
    for (const hop of hops.slice(from + 1)) {
        if (hop.type === "VpcEndpoint" && !hop.interface) {
            return nitro ? 7 : 2;
        }
        if (hop.type === "InternetGateway") {
            return nitro ? 8 : 2;
        }
        if (hop.interface || ["NatGateway", "LoadBalancer", "VpcEndpoint", "Instance", "NetworkInterface"].includes(hop.type)) {
            return 1;
        }
    }
    // The packet is dropped (or answered) at another ENI of the VPC after routing.
    return reachesAnotherEni ? 1 : undefined;
}

/** Hops that rewrite the packet's addresses: past them the peer's address is the translator's own. */
const TRANSLATING: readonly Hop["type"][] = ["LoadBalancer", "VpcEndpointService", "NatGateway"];

function translatedBetween(hops: readonly Hop[], a: number, b: number): boolean {
    return hops.slice(Math.min(a, b) + 1, Math.max(a, b)).some((hop) => TRANSLATING.includes(hop.type) && !hop.interface);
}

/** The version a custom format's records carry: the highest among its fields (2 for the default format). */
function formatVersion(fields: readonly string[]): string {
    return String(Math.max(2, ...fields.map((f) => FLOW_LOG_FIELDS[f] ?? 2)));
}

function covers(flowLog: StackFlowLog, port: HopInterface): boolean {
    switch (flowLog.scope) {
        case "vpc":
            return flowLog.targetUrn !== undefined && flowLog.targetUrn === port.vpcUrn;
        case "subnet":
            return flowLog.targetUrn !== undefined && flowLog.targetUrn === port.subnetUrn;
        case "eni":
            return flowLog.targetUrn !== undefined && flowLog.targetUrn === port.ownerUrn;
    }
}

/** The stack's ENI behind a hop's interface: the owner's, in the same subnet or with the same address. */
function stackInterface(view: StackFlowLogView, port: HopInterface): StackInterface | undefined {
    const owned = view.interfaces.filter((i) => i.ownerUrn === port.ownerUrn);
    return (
        owned.find((i) => port.address !== undefined && i.address === port.address) ??
        owned.find((i) => port.subnetUrn !== undefined && i.subnetUrn === port.subnetUrn) ??
        (owned.length === 1 ? owned[0] : undefined)
    );
}

/**
 * Every record the flow of `answer` leaves in the stack's flow logs, request first (in path
 * order), then the response (when the flow gets through), each in every flow log that covers
 * the ENI and captures its action.
 */
export function predictRecords(answer: ReachAnswer, view: StackFlowLogView): PredictedRecord[] {
    const request = requestCrossings(answer);
    const legs: { leg: "request" | "response"; crossings: Crossing[]; hops: readonly Hop[]; forward: boolean }[] = [{ leg: "request", crossings: request, hops: answer.hops, forward: true }];
    if (answer.reachable === true) {
        // The response retraces the path (security groups are stateful; the analysis checked the NACLs both ways).
        const hops = [...answer.hops].reverse().map((hop) => (hop.interface ? { ...hop, interface: { ...hop.interface, direction: hop.interface.direction === "ingress" ? ("egress" as const) : ("ingress" as const) } } : hop));
        const crossings = hops.flatMap((hop, hopIndex) => (hop.interface ? [{ hopIndex, port: hop.interface, action: "ACCEPT" as const }] : []));
        legs.push({ leg: "response", crossings, hops, forward: false });
    }
    const protocol = String(PROTOCOL_NUMBERS[answer.protocol]);
    const service = serviceCode(answer.to);
    const records: PredictedRecord[] = [];
    for (const { leg, crossings, hops, forward } of legs) {
        const start = forward ? answer.from.address : (answer.dns?.addresses[0] ?? answer.to.address);
        const end = forward ? (answer.dns?.addresses[0] ?? answer.to.address) : answer.from.address;
        crossings.forEach((crossing, k) => {
            const port = crossing.port;
            const eni = stackInterface(view, port);
            const own = port.address ?? eni?.address;
            const addressOf = (c: Crossing | undefined) => (c ? (c.port.address ?? stackInterface(view, c.port)?.address) : undefined);
            const egress = port.direction === "egress";
            // The peer of an ingress record is the last ENI that sent the packet (the source, if none);
            // of an egress record, the next ENI that receives it (the destination, if none). Past a
            // load balancer, endpoint service or NAT gateway the peer is the translator, unknown offline.
            const previous = [...crossings.slice(0, k)].reverse().find((c) => c.port.direction === "egress");
            const next = crossings.slice(k + 1).find((c) => c.port.direction === "ingress");
            const peerBefore = translatedBetween(hops, previous?.hopIndex ?? -1, crossing.hopIndex) ? undefined : (addressOf(previous) ?? start);
            const peerAfter = translatedBetween(hops, crossing.hopIndex, next?.hopIndex ?? hops.length) ? undefined : (addressOf(next) ?? end);
            const src = egress ? (own ?? start) : peerBefore;
            const dst = egress ? peerAfter : (own ?? end);
            const path = egress ? trafficPath(hops, crossing.hopIndex, eni, k + 1 < crossings.length) : undefined;
            const icmp = answer.protocol === "icmp";
            const port_ = answer.port === undefined ? undefined : String(answer.port);
            for (const flowLog of view.flowLogs) {
                if (!covers(flowLog, port) || (flowLog.trafficType !== "ALL" && flowLog.trafficType !== crossing.action)) {
                    continue;
                }
                const fields = effectiveFields(flowLog.fields);
                const known: Record<string, string | undefined> = {
                    version: formatVersion(flowLog.fields),
                    "account-id": view.accountId,
                    "interface-id": eni?.eniId,
                    srcaddr: src,
                    dstaddr: dst,
                    srcport: icmp ? "0" : forward ? undefined : port_,
                    dstport: icmp ? "0" : forward ? port_ : undefined,
                    protocol,
                    action: crossing.action,
                    "log-status": "OK",
                    "vpc-id": port.vpcUrn ? view.ids.get(port.vpcUrn) : undefined,
                    "subnet-id": port.subnetUrn ? view.ids.get(port.subnetUrn) : undefined,
                    "instance-id": eni?.instanceId ?? "-",
                    type: "IPv4",
                    "pkt-srcaddr": src,
                    "pkt-dstaddr": dst,
                    region: view.region,
                    "pkt-src-aws-service": !forward && service ? service : undefined,
                    "pkt-dst-aws-service": forward && service ? service : undefined,
                    "flow-direction": port.direction,
                    "traffic-path": path === undefined ? (egress ? undefined : "-") : String(path),
                };
                const values = Object.fromEntries(fields.filter((f) => known[f] !== undefined).map((f) => [f, known[f] as string]));
                records.push({
                    flowLog: { urn: flowLog.urn, label: flowLog.label, scope: flowLog.scope, trafficType: flowLog.trafficType, destination: flowLog.destination, logGroupName: flowLog.logGroupName, bucket: flowLog.bucket },
                    leg,
                    interface: { ownerUrn: port.ownerUrn, ownerName: eni?.ownerName ?? view.names.get(port.ownerUrn) ?? port.ownerUrn, eniId: eni?.eniId, address: own },
                    action: crossing.action,
                    direction: port.direction,
                    ...(path !== undefined && fields.includes("traffic-path") ? { trafficPath: path } : {}),
                    values,
                });
            }
        });
    }
    return records;
}

/**
 * The predicted records as text for `reach`, under the path: one line per record, then what
 * to look for. `indent` prefixes every line.
 */
export function formatPredictedRecords(records: readonly PredictedRecord[], indent = "  "): string {
    if (records.length === 0) {
        return `${indent}Flow logs: no flow log of the stack records this flow (no ENI crossed is covered, or its traffic type filters the action out)`;
    }
    const lines = [`${indent}Flow logs (records appear 1-10 minutes after the traffic, by the aggregation interval):`];
    for (const record of records) {
        const where = record.flowLog.destination === "s3" ? `s3://${record.flowLog.bucket ?? "?"}` : (record.flowLog.logGroupName ?? "?");
        const fields = [
            record.action,
            record.direction,
            `${record.values.srcaddr ?? "?"} -> ${record.values.dstaddr ?? "?"}`,
            record.trafficPath !== undefined ? `traffic-path ${record.trafficPath} (${TRAFFIC_PATHS[record.trafficPath]})` : undefined,
            record.values["pkt-src-aws-service"] ? `pkt-src-aws-service ${record.values["pkt-src-aws-service"]}` : undefined,
            record.values["pkt-dst-aws-service"] ? `pkt-dst-aws-service ${record.values["pkt-dst-aws-service"]}` : undefined,
        ].filter(Boolean);
        lines.push(
            `${indent}  ${record.leg.padEnd(8)} on ${record.interface.ownerName} (${record.interface.eniId ?? "ENI"}): ${fields.join(", ")}` +
                ` in ${record.flowLog.label} (${record.flowLog.scope}, ${record.flowLog.trafficType}, ${where})`,
        );
    }
    return lines.join("\n");
}

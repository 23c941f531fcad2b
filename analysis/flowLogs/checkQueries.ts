import { ConnectivityProbe, LabCheck } from "../../labs/labCheck";
import { flowQuery, FlowMatch } from "../../labs/flowLogs/queries";
import { StackFlowLog, StackFlowLogView, StackInterface, targetOf } from "./stackView";

/**
 * The queries that find a lab check's records: its probe resolved against the stack (Name
 * tags to ENIs and addresses, `s3://` to the S3 service code), then one query per flow log
 * that covers an ENI at either end, in that flow log's language and format.
 */

/** The ENIs a probe end names: an instance or endpoint by Name tag or resource name, or an address. */
function interfacesOf(end: string, view: StackFlowLogView): StackInterface[] {
    return view.interfaces.filter((i) => i.ownerName === end || i.address === end || i.publicAddress === end || view.names.get(i.ownerUrn) === end);
}

/** The flow a probe asks about, as records show it. */
export function flowMatchOf(probe: ConnectivityProbe, view: StackFlowLogView): FlowMatch {
    const from = interfacesOf(probe.from, view);
    const to = interfacesOf(probe.to, view);
    const addresses = (enis: readonly StackInterface[], end: string) => {
        const known = enis.map((i) => i.address).filter((a): a is string => a !== undefined);
        return known.length > 0 ? known : /^\d+\.\d+\.\d+\.\d+$/.test(end) ? [end] : [];
    };
    const service = probe.to.startsWith("s3://") || /(^|\.)s3[.-]/.test(probe.to) ? "S3" : /dynamodb/.test(probe.to) ? "DYNAMODB" : undefined;
    return {
        protocol: probe.protocol,
        port: probe.port,
        sourceAddresses: addresses(from, probe.from),
        destinationAddresses: addresses(to, probe.to),
        ...(service ? { destinationService: service } : {}),
        interfaceIds: [...from, ...to].map((i) => i.eniId).filter((id): id is string => id !== undefined),
    };
}

function covers(flowLog: StackFlowLog, eni: StackInterface): boolean {
    return flowLog.scope === "vpc" ? flowLog.targetUrn === eni.vpcUrn : flowLog.scope === "subnet" ? flowLog.targetUrn === eni.subnetUrn : flowLog.targetUrn === eni.ownerUrn;
}

export interface CheckQuery {
    readonly check: string;
    /** The flow log's Name tag. */
    readonly flowLog: string;
    readonly scope: StackFlowLog["scope"];
    readonly where: string;
    readonly language: "logs-insights" | "athena";
    readonly query: string;
}

/** One query per flow log that sees an end of the probe; none for a check without a probe. */
export function checkQueries(check: Pick<LabCheck, "id" | "probe">, view: StackFlowLogView, retentionDays?: number): CheckQuery[] {
    if (!check.probe) {
        return [];
    }
    const match = flowMatchOf(check.probe, view);
    const ends = [...interfacesOf(check.probe.from, view), ...interfacesOf(check.probe.to, view)];
    return view.flowLogs
        .filter((flowLog) => ends.some((eni) => covers(flowLog, eni)))
        .map((flowLog) => ({
            check: check.id,
            flowLog: flowLog.label,
            scope: flowLog.scope,
            where: flowLog.destination === "s3" ? `s3://${flowLog.bucket ?? "?"}` : (flowLog.logGroupName ?? "?"),
            ...flowQuery(targetOf(flowLog, view, retentionDays), match),
        }));
}

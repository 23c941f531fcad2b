/**
 * TEMPORARY ADAPTER, deleted when issue 11 merges: it reads the three labs' current
 * `verification` outputs (three different shapes) as `LabCheck[]`, for the stages whose checks
 * are those outputs (endpoints interface, endpoint-service accepted, bastion-ssm nacl and
 * nacl-off). Issue 11 exports `<lab>.checks` in the LabCheck shape with probes; the guide then
 * reads that instead (see {@link labChecksOf} in ./labChecks.ts).
 */
import { LabName } from "../../config/keys";
import { ConnectivityProbe, LabCheck } from "../../components/labs/labCheck";
import { LabStage } from "../../components/labs/stages";

interface EndpointsStep {
    readonly check: string;
    readonly runOn: string;
    readonly command: string;
    readonly expected: string;
}
interface EndpointServiceStep {
    readonly where: string;
    readonly command: string;
    readonly expect: string;
}
interface BastionStep {
    readonly on: string;
    readonly command: string;
    readonly expect: string;
    readonly note?: string;
}

/** The checks a lab's outputs hold at a stage that exports `verification`, plus the stage's extra notes. */
export function adaptVerification(lab: LabName, stage: LabStage, outputs: Record<string, unknown>): { checks: LabCheck[]; notes: string[] } {
    switch (lab) {
        case "endpoints":
            return { checks: ((outputs.verification ?? []) as EndpointsStep[]).map((s) => endpointsCheck(stage, s, outputs)), notes: [] };
        case "endpoint-service":
            return {
                checks: Object.entries((outputs.verification ?? {}) as Record<string, EndpointServiceStep>).map(([id, s]) => endpointServiceCheck(stage, id, s, outputs)),
                notes: [],
            };
        default:
            return bastionChecks(stage, outputs);
    }
}

function endpointsCheck(stage: LabStage, step: EndpointsStep, outputs: Record<string, unknown>): LabCheck {
    const bucket = `s3://${String(outputs.bucketName)}`;
    const probes: Record<string, ConnectivityProbe> = {
        "s3-ping-private": { from: "CloudNeta-Private-EC2", to: step.command.split(" ").pop() ?? "", protocol: "icmp", expectReachable: true },
        "s3-bucket-private": { from: "CloudNeta-Private-EC2", to: bucket, protocol: "tcp", port: 443, expectReachable: true },
        "s3-object-outside": { from: "internet", to: bucket, protocol: "tcp", port: 443, expectReachable: false },
    };
    return {
        id: step.check,
        lab: "endpoints",
        stage,
        where: step.runOn,
        command: step.command,
        expected: step.expected,
        // The book: "the endpoint is ready after about 2 minutes".
        ...(step.check.startsWith("interface-dns-") ? { waitSeconds: 120 } : {}),
        ...(probes[step.check] ? { probe: probes[step.check] } : {}),
    };
}

function endpointServiceCheck(stage: LabStage, id: string, step: EndpointServiceStep, outputs: Record<string, unknown>): LabCheck {
    const dns = ((outputs.endpointDnsNames ?? []) as string[])[0] ?? "";
    const probes: Record<string, ConnectivityProbe> = {
        curl: { from: "My-EC2", to: dns, protocol: "tcp", port: 80, expectReachable: true },
        nlbDirect: { from: "My-EC2", to: "Custom-NLB", protocol: "tcp", port: 80, expectReachable: false },
    };
    return {
        id,
        lab: "endpoint-service",
        stage,
        where: step.where,
        command: step.command,
        expected: step.expect,
        ...(id === "state" ? { waitSeconds: 60 } : {}),
        ...(probes[id] ? { probe: probes[id] } : {}),
    };
}

function bastionChecks(stage: LabStage, outputs: Record<string, unknown>): { checks: LabCheck[]; notes: string[] } {
    const convert = (prefix: string, steps: readonly BastionStep[], probeOf?: (i: number) => ConnectivityProbe | undefined): LabCheck[] =>
        steps.map((s, i) => {
            const probe = probeOf?.(i);
            return {
                id: `${prefix}-${i + 1}`,
                lab: "bastion-ssm",
                stage,
                where: s.on,
                command: s.command,
                expected: s.expect,
                ...(s.note ? { note: s.note } : {}),
                ...(probe ? { probe } : {}),
            };
        });
    if (stage === "nacl") {
        // The nacl stage's lesson is the exercise; the rest of the list is the final stage's.
        const exercise = outputs.naclExercise as { expectedToSucceed: BastionStep[]; expectedToFail: BastionStep[]; alsoBlocked: string[] } | undefined;
        if (!exercise) {
            return { checks: [], notes: [] };
        }
        const succeeds: ConnectivityProbe[] = [
            { from: "PUBLIC-01", to: "PRIVATE-01", protocol: "icmp", expectReachable: true },
            { from: "PRIVATE-01", to: "PUBLIC-01", protocol: "icmp", expectReachable: true },
        ];
        const fails: ConnectivityProbe[] = [
            { from: "PUBLIC-02", to: "PRIVATE-01", protocol: "icmp", expectReachable: false },
            { from: "PRIVATE-01", to: "PUBLIC-02", protocol: "icmp", expectReachable: false },
        ];
        return {
            checks: [...convert("nacl-succeeds", exercise.expectedToSucceed, (i) => succeeds[i]), ...convert("nacl-fails", exercise.expectedToFail, (i) => fails[i])],
            notes: exercise.alsoBlocked,
        };
    }
    return { checks: convert("final", (outputs.verification ?? []) as BastionStep[]), notes: [] };
}

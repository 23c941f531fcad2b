import { qualified } from "../config/keys";
import { AwsContext } from "../config/load";
import { FlowLogSettings } from "../config/stackConfig";
import { Tags } from "../lib/tags";

/**
 * What every lab shares from the stack config: where it deploys and the stack-wide choices.
 * Plain values, so a lab can branch on them at construction.
 */
export interface LabEnvironment {
    readonly aws: AwsContext;
    /** Zone 1 and zone 2. */
    readonly availabilityZones: readonly [string, string];
    readonly instanceType: string;
    /** How many zones each interface endpoint spans. */
    readonly interfaceEndpointAzCount: 1 | 2;
    readonly flowLogs: FlowLogSettings;
    /** Keep data-holding resources in AWS when they leave the stack. */
    readonly keepDataOnDelete: boolean;
    /** Tags for every resource, under each resource's own Name tag. */
    readonly tags: Tags;
}

/** The config key that decided how many zones a lab's interface endpoints span, as the endpoints record it. */
export function endpointZoneCountSetting(env: LabEnvironment): { readonly key: string; readonly value: number } {
    return { key: qualified("interfaceEndpointAzCount"), value: env.interfaceEndpointAzCount };
}

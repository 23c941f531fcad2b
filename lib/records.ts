/**
 * One resource as the offline engine saw it registered: the same facts a Pulumi state file
 * keeps for it (`pulumi stack export`), so tests, the plan and the policy analyzer all read
 * one shape.
 */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** True for provider-backed resources, false for components. */
    readonly custom: boolean;
    /** The cloud ID the fake cloud gave it (empty for components). */
    id: string;
    /** The inputs the program passed, with outputs of other resources resolved. */
    readonly inputs: Record<string, unknown>;
    /** Inputs plus the values the fake cloud computed (ARNs, DNS names, IPs...). */
    outputs: Record<string, unknown>;
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly provider?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    /** A component a provider plugin builds (multi-language, like awsx's); its provider is that plugin's. */
    readonly remote?: boolean;
}

/** AWS resource tags. */
export type Tags = Readonly<Record<string, string>>;

/**
 * The one place tags are merged, in one order: package defaults, then the caller's tags,
 * then the resource's `Name`. The `Name` tag is separate from the Pulumi resource name, so
 * renaming it updates the tag in place and never replaces the resource.
 */
export function mergeTags(defaults: Tags | undefined, userTags: Tags | undefined, name?: string): Record<string, string> {
    return { ...defaults, ...userTags, ...(name === undefined ? {} : { Name: name }) };
}

/** The tag every resource carries with its stack's name, so a class's stacks can be told apart. */
export const STACK_TAG = "vpc-labs:stack";
/** The classroom tags: whose stack it is and when it may be torn down. */
export const STUDENT_TAG = "Student";
export const EXPIRES_AT_TAG = "ExpiresAt";

export interface StackTagValues {
    readonly stack: string;
    readonly student?: string;
    readonly expiresAt?: string;
}

/**
 * The package defaults every resource of a stack gets: project, manager and the stack's name,
 * plus the student and expiry of a classroom stack where set. Cost Explorer and the console
 * group by them once they are activated as cost allocation tags. They are tags only, so
 * changing a student or an expiry updates resources in place.
 */
export function stackTags(values: StackTagValues): Tags {
    return {
        Project: "vpc-labs",
        ManagedBy: "pulumi",
        [STACK_TAG]: values.stack,
        ...(values.student === undefined ? {} : { [STUDENT_TAG]: values.student }),
        ...(values.expiresAt === undefined ? {} : { [EXPIRES_AT_TAG]: values.expiresAt }),
    };
}

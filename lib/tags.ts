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

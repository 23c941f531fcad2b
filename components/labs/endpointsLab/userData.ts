/**
 * First-boot script of both instances: installs `dig` (bind-utils; Amazon Linux 2023 ships
 * without it) for the DNS checks. No password, no SSH settings. On the private instance dnf
 * reaches the Amazon Linux repositories only through the S3 gateway endpoint, whose route and
 * the instance's egress rules may still be on their way at first boot, hence the retries.
 */
export function toolsUserData(): string {
    return [
        "#!/bin/bash",
        "for attempt in $(seq 1 30); do",
        "  dnf install -y bind-utils && exit 0",
        "  sleep 10",
        "done",
        'echo "bind-utils could not be installed; is the S3 gateway endpoint on this subnet\'s route table?" >&2',
        "exit 1",
        "",
    ].join("\n");
}

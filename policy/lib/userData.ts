/**
 * What the original labs' user data did to make instances reachable with a password, and
 * how each is recognised, in shell scripts and in cloud-config. A password in user data is
 * readable by anyone who can describe the instance or reach IMDS, and root or password SSH
 * login invites brute force.
 */
const UNSAFE_USER_DATA: readonly { readonly pattern: RegExp; readonly finding: string }[] = [
    { pattern: /(^|[\s;&|(`])chpasswd(\s|$|[:;&|)`])/m, finding: "sets a password with chpasswd" },
    // `passwd` as a command, not the file /etc/passwd.
    { pattern: /(^|[\s;&|(`])passwd(\s|$|[;&|)`])/m, finding: "sets a password with passwd" },
    { pattern: /(^|[\s;&|(`])(usermod|useradd)\s[^\n]*(\s-p\s|--password[\s=])/m, finding: "sets a password with usermod/useradd" },
    // `echo 'root:secret' | ...`, but not `chown root:root ...`.
    { pattern: /\becho\s+["']?root:[^\s'":]+/m, finding: "writes a root:password pair" },
    { pattern: /PermitRootLogin\s+yes/im, finding: "enables root SSH login (PermitRootLogin yes)" },
    { pattern: /^\s*disable_root:\s*(false|no)\b/im, finding: "enables root SSH login (disable_root: false)" },
    { pattern: /PasswordAuthentication\s+yes/im, finding: "enables password SSH login (PasswordAuthentication yes)" },
    { pattern: /^\s*ssh_pwauth:\s*(true|yes)\b/im, finding: "enables password SSH login (ssh_pwauth: true)" },
];

/**
 * What the user data does that is unsafe, in the order of {@link UNSAFE_USER_DATA}; [] when
 * nothing. Comment lines (shell and cloud-config) do nothing, so they are skipped.
 */
export function unsafeUserDataFindings(script: string): string[] {
    const active = script
        .split(/\r?\n/)
        .filter((line) => !/^\s*#/.test(line))
        .join("\n");
    return UNSAFE_USER_DATA.filter(({ pattern }) => pattern.test(active)).map(({ finding }) => finding);
}

/** Decodes base64 user data (`userDataBase64`, launch template `userData`); undefined when it is not base64. */
export function decodeBase64UserData(encoded: string): string | undefined {
    const compact = encoded.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
        return undefined;
    }
    return Buffer.from(compact, "base64").toString("utf8");
}

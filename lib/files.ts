import { accessSync, constants, readFileSync, statSync, writeFileSync } from "fs";
import { dirname } from "path";

/**
 * Reading the files the tools are given and writing the files they are asked for, with every
 * failure turned into one sentence that names the file and the reason (exit code 2), never a
 * stack trace (exit code 3) and never a hang on a pipe or a device.
 */

/** Why a file operation failed, in words: "it is a directory, not a file", "permission denied"... */
export function fileErrorReason(error: unknown): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    switch (code) {
        case "EISDIR":
            return "it is a directory, not a file";
        case "ENOENT":
            return "no such file or directory";
        case "EACCES":
        case "EPERM":
            return "permission denied";
        case "ENOTDIR":
            return "a part of the path is a file, not a directory";
        case "EROFS":
            return "the file system is read-only";
        case "ENOSPC":
            return "no space left on the device";
        case "ENAMETOOLONG":
            return "the path is too long";
        default:
            return code ? `${code}: ${(error as Error).message}` : String((error as Error | undefined)?.message ?? error);
    }
}

/** A file the tool must write cannot be written; exit code 2. */
export class OutputFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "OutputFileError";
    }
}

/**
 * The UTF-8 text of a regular file, or of standard input named as /dev/stdin. Anything else
 * (missing, a directory, a pipe, a device, unreadable) is reported through `fail` with the
 * reason, before a byte is read: reading a FIFO or /dev/zero would block or never end.
 */
export function readRegularFile(file: string, fail: (reason: string) => Error): string {
    if (file === "/dev/stdin") {
        // `pulumi stack export | npm run policy -- /dev/stdin`: a pipe that ends when the writer does.
        try {
            return readFileSync(0, "utf8");
        } catch (error) {
            throw fail(fileErrorReason(error));
        }
    }
    let stats;
    try {
        stats = statSync(file);
    } catch (error) {
        throw fail(fileErrorReason(error));
    }
    if (stats.isDirectory()) {
        throw fail("it is a directory, not a file");
    }
    if (!stats.isFile()) {
        throw fail("it is not a regular file (a pipe, socket or device)");
    }
    try {
        return readFileSync(file, "utf8");
    } catch (error) {
        throw fail(fileErrorReason(error));
    }
}

/**
 * Checks, before any work, that `file` can be written: it is not a directory, a pipe or a
 * socket (a character device such as /dev/stdout is fine), and its folder exists (it is never created) and is
 * a folder this process may write. The write itself can still fail (a full disk);
 * {@link writeOutputFile} reports that the same way.
 */
export function checkOutputFile(file: string, option: string): void {
    const fail = (reason: string) => new OutputFileError(`${option} ${file} cannot be written: ${reason}`);
    let existing: ReturnType<typeof statSync> | undefined;
    try {
        existing = statSync(file);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ENOTDIR") {
            throw fail(fileErrorReason(error));
        }
    }
    if (existing) {
        if (existing.isCharacterDevice()) {
            return; // /dev/stdout, /dev/null: writing to them is what the user asked for
        }
        if (!existing.isFile()) {
            // A FIFO with no reader would block the write forever.
            throw fail(existing.isDirectory() ? "it is a directory; name a file inside it" : "it is not a regular file (a pipe or socket)");
        }
        try {
            accessSync(file, constants.W_OK);
        } catch (error) {
            throw fail(fileErrorReason(error));
        }
        return;
    }
    // The folder must exist already: a typo in a path (`/nonexistent/x.svg`) must not create
    // folders, at the filesystem root or anywhere else.
    const folder = dirname(file);
    let stats;
    try {
        stats = statSync(folder);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") {
            throw fail(`the folder ${folder} does not exist; create it first (mkdir -p ${folder}) or name a file in an existing folder`);
        }
        if (code === "ENOTDIR") {
            throw fail(`${nearestFileOf(folder)} is a file, not a folder`);
        }
        throw fail(fileErrorReason(error));
    }
    if (!stats.isDirectory()) {
        throw fail(`${folder} is a file, not a folder`);
    }
    try {
        accessSync(folder, constants.W_OK);
    } catch (error) {
        throw fail(`${folder}: ${fileErrorReason(error)}`);
    }
}

/** The part of `path` that is a file when a folder was expected (the path's first existing ancestor). */
function nearestFileOf(path: string): string {
    let current = path;
    while (dirname(current) !== current) {
        try {
            statSync(current);
            return current;
        } catch {
            current = dirname(current);
        }
    }
    return current;
}

/** Writes `text` to `file` (its folder must exist; see {@link checkOutputFile}); a failure is an {@link OutputFileError} naming the file and the reason. */
export function writeOutputFile(file: string, text: string, option: string): void {
    try {
        writeFileSync(file, text);
    } catch (error) {
        throw new OutputFileError(`${option} ${file} cannot be written: ${fileErrorReason(error)}`);
    }
}

import type { Classifier } from "./diagnosis.js";

const denied = /permission denied|EACCES|operation not permitted|read-only file system/i;

/** The process could not write where it needs to (a volume owned by another user than the image's USER). */
export const permissionDenied: Classifier = (evidence) => {
  const line = evidence.logTail?.split("\n").find((l) => denied.test(l));
  if (!line || !evidence.inspect) return undefined;
  const user = evidence.inspect.Config.User || "root";
  const mounts = evidence.inspect.Mounts.filter((m) => m.RW).map((m) => `${m.Destination} (${m.Type}${m.Name ? ` ${m.Name}` : ""})`);
  // A file the host lends through a bind mount keeps the host's owner and mode.
  const bind = evidence.inspect.Mounts.find((m) => m.Type === "bind" && line.includes(m.Destination));
  return {
    code: "permission-denied",
    message: `${evidence.service} (running as user ${user}) was denied access to a file or directory${bind ? ` from the host (${bind.Source})` : ""}`,
    evidence: { line: line.trim(), user, writableMounts: mounts, ...(bind ? { bindMount: `${bind.Source} at ${bind.Destination}${bind.RW ? "" : " (read-only)"}` } : {}) },
    hint: bind
      ? `the file comes from the host through a bind mount and keeps its host owner and mode: make it readable by the user the process runs as (chmod 644 for files, 755 for folders, under ${bind.Source}); entrypoints often drop root before reading it`
      : "make the path writable by the image's USER: chown it in the Dockerfile before USER, pre-create the volume's directory with the right owner, or set user: to a matching uid",
  };
};

import { findLine, type Classifier } from "./diagnosis.js";

const inUse = /EADDRINUSE|[Aa]ddress already in use|address in use/;

/** Inside the container, the port the app binds is taken (two processes, or the app started twice). */
export const addressInUse: Classifier = (evidence) => {
  if (evidence.error && /port is already allocated/i.test(evidence.error)) return undefined;
  const line = findLine(evidence.logTail, inUse);
  if (!line) return undefined;
  const port = /:(\d{2,5})\b/.exec(line)?.[1] ?? /port (\d{2,5})/i.exec(line)?.[1];
  return {
    code: "address-in-use",
    message: `${evidence.service} could not bind${port ? ` port ${port}` : " its port"}: the address is already in use inside the container`,
    evidence: { line, port: port ? Number(port) : null },
    hint: "two processes in the container bind the same port (a second server, or the app started twice by its entrypoint): start one, or give each its own port",
  };
};

import { findLine, type Classifier } from "./diagnosis.js";

/** A module, file or program the app needs is not in the image; group 1 names it. */
const missing: readonly RegExp[] = [
  /ModuleNotFoundError: No module named '([^']+)'/,
  /ImportError: (?:No module named|cannot import name) '?([^'\s]+)'?/,
  /Error: Cannot find module '([^']+)'/,
  /ERR_MODULE_NOT_FOUND\]?:? Cannot find (?:module|package) '([^']+)'/,
  /can't open file '([^']+)'/,
  /exec: "([^"]+)": executable file not found/,
  /ENOENT: no such file or directory, (?:open|stat|scandir|lstat) '([^']+)'/,
  /(?:^|\s)([\w./-]+): (?:No such file or directory|not found)$/,
];

/** The app stopped because a module or file it loads is not in the container. */
export const moduleNotFound: Classifier = (evidence) => {
  const pattern = missing.find((p) => findLine(evidence.logTail, p) !== undefined);
  const line = pattern && findLine(evidence.logTail, pattern);
  if (!pattern || !line) return undefined;
  const name = pattern.exec(line)?.[1] ?? "?";
  return {
    code: "module-not-found",
    message: `${evidence.service} cannot find ${name}: it is not in the container`,
    evidence: { line, missing: name, workingDir: evidence.inspect?.Config.WorkingDir || null },
    hint: `install or copy ${name} into the image (requirements/package.json, COPY in the Dockerfile, .dockerignore), or fix the path; a volume mounted over the app directory hides what the image holds`,
  };
};

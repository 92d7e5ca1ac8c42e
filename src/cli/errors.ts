/**
 * Library errors in the CLI's words: the library says "pass loadIfExists: true" or "create one
 * with createStudy()", a shell user needs the flag or the command.
 * @module
 */
import { DuplicatedStudyError, StudyNotFoundError, UpdateFinishedTrialError } from "../errors.js";

/** The one-line message the CLI prints for an error. */
export function cliErrorMessage(e: unknown): string {
  if (e instanceof DuplicatedStudyError) {
    return (
      `A study named "${e.studyName}" already exists in this storage. Pass --skip-if-exists to use it, ` +
      `choose another --study-name, or delete it first with parzen delete-study --study-name ${JSON.stringify(e.studyName)}.`
    );
  }
  if (e instanceof StudyNotFoundError) {
    return (
      `No study named "${e.studyName}" in this storage. ` +
      (e.existing.length === 0
        ? "The storage holds no study yet: create one with parzen create-study --study-name NAME."
        : `Studies that exist: ${e.existing.map((n) => JSON.stringify(n)).join(", ")} (see parzen studies).`)
    );
  }
  if (e instanceof UpdateFinishedTrialError) return e.message.replace("Pass skipIfFinished", "Pass --skip-if-finished");
  return e instanceof Error ? e.message : String(e);
}

/**
 * Turns SQLite failures into StorageErrors that say what happened and what to do. ParzenErrors
 * pass through unchanged. A failed statement or transaction is rolled back by SQLite, so the
 * file is left as it was before the failing write.
 * @module
 */
import { ParzenError, StorageError } from "../../errors.js";

/** Wraps any error thrown while using the database at `where`. @internal */
export function storageError(e: unknown, where: string): Error {
  if (e instanceof ParzenError) return e;
  const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
  const msg = e instanceof Error ? e.message : String(e);
  let text: string;
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    text = `${where} is locked by another process for longer than the busy timeout. Raise busyTimeout, or find the process that holds a long transaction.`;
  } else if (code.startsWith("SQLITE_READONLY")) {
    text = `${where} is read-only (${msg}). Make the file and its folder writable (SQLite also writes -wal and -shm files beside it), or copy the database somewhere writable.`;
  } else if (code === "SQLITE_FULL") {
    text = `${where}: the disk (or the database's size limit) is full. The write was rolled back and no finished trial was lost. Free some space and run again.`;
  } else if (code === "SQLITE_NOTADB") {
    text = `${where} is not an SQLite database. Point the storage URL at a study database, or at a new file name to create one.`;
  } else if (code.startsWith("SQLITE_CORRUPT")) {
    text = `${where} is corrupted (${msg}). Restore it from a backup, or recover it with \`sqlite3 FILE .recover\`.`;
  } else if (code.startsWith("SQLITE_CANTOPEN")) {
    text = `${where} cannot be opened (${msg}). Check that its folder exists and is writable.`;
  } else if (code.startsWith("SQLITE_IOERR")) {
    text = `${where}: I/O error (${msg}). Check the disk; network file systems are not supported by SQLite's locking.`;
  } else if (code.startsWith("SQLITE_PERM") || code.startsWith("SQLITE_AUTH")) {
    text = `${where}: permission denied (${msg}). Make the file and its folder writable.`;
  } else {
    text = `${where}: ${msg}`;
  }
  const err = new StorageError(text, { cause: e });
  return err;
}

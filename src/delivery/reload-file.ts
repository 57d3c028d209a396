// An uploaded visit.yaml on disk, kept in step with the stored overrides through a crash. A file and a store
// cannot share a transaction, and a restart reads both: new file with old overrides would put bot-made changes
// back on top of the file that replaced them; old file without its overrides would lose them and contradict the
// notices already queued. So the upload is written and synced BESIDE visit.yaml before the commit (where neither
// the loader nor the watcher looks; a disk that cannot take it changes nothing), and renamed over visit.yaml only
// after the commit, which sets the reload's mark. A process that dies in between leaves the staged file, and the
// next start asks the mark: committed → the file goes in place (new file, no overrides); not → it is deleted
// (old file, old overrides; the preview may still be sent, and stages the file again).
import { randomBytes } from "node:crypto";
import { open, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { VISIT_FILE } from "../scenario/load.ts";
import type { StateStore } from "../storage/state.ts";

/** visit.yaml.reload-<when>-<nonce>.<draft id>[.part]: names sort in staging order; ".part" until written and synced. */
const STAGED = /^visit\.yaml\.reload-(\d+)-[0-9a-f]+\.([A-Za-z0-9_-]+)(\.part)?$/;

/** The once-mark a reload's commit sets. */
export const reloadMark = (draftId: string) => `reload:${draftId}`;

/**
 * Writes the upload beside visit.yaml and syncs it; throws (leaving nothing) if the disk cannot take it.
 * `now` is wall-clock: it only orders staged files, also across restarts.
 */
export async function stageUpload(dir: string, draftId: string, text: string, now = Date.now()): Promise<string> {
  const file = path.join(dir, `${VISIT_FILE}.reload-${String(now).padStart(15, "0")}-${randomBytes(3).toString("hex")}.${draftId}`);
  const part = `${file}.part`;
  try {
    const handle = await open(part, "w");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(part, file);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  return file;
}

async function stagedIn(dir: string): Promise<Array<{ file: string; draftId: string; part: boolean }>> {
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  return names.flatMap((name) => {
    const m = STAGED.exec(name);
    return m ? [{ file: path.join(dir, name), draftId: m[2]!, part: m[3] !== undefined }] : [];
  });
}

/**
 * After a committed reload: `staged` (if any) goes in place over visit.yaml in one rename, and every other staged
 * file is dropped, being older (reloads are sent one at a time) and superseded by this commit.
 */
export async function installStaged(dir: string, staged: string | undefined): Promise<void> {
  for (const other of await stagedIn(dir)) if (other.file !== staged) await rm(other.file, { force: true });
  if (staged) await rename(staged, path.join(dir, VISIT_FILE));
}

/**
 * At start, before visit.yaml is read: puts in place the newest staged upload whose reload was committed and
 * drops the others. True when visit.yaml was replaced.
 */
export async function settleStagedUploads(dir: string, state: StateStore): Promise<boolean> {
  let newest: string | undefined;
  for (const staged of await stagedIn(dir)) {
    if (!staged.part && (await state.marked(reloadMark(staged.draftId)))) newest = staged.file;
  }
  await installStaged(dir, newest);
  return newest !== undefined;
}

// Watches a visit folder for changes to visit.yaml. Editors save in bursts (write, rename, chmod), so events
// are debounced into one call once the file has been quiet for a moment.
import { watch, type FSWatcher } from "node:fs";
import { VISIT_FILE } from "./load.ts";

export interface VisitFileWatcher {
  close(): void;
}

export function watchVisitFile(dir: string, onChange: () => void, debounceMs = 300): VisitFileWatcher {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined = watch(dir, { persistent: false }, (_event, filename) => {
    // Some platforms give no file name: then any change in the folder may be ours.
    if (filename !== null && filename !== VISIT_FILE) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on("error", () => watcher?.close());
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    },
  };
}

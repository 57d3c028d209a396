// node bench/cpuprofile-top.ts <file.cpuprofile> [n] [--tree <function>]: the functions with the most self time
// in a V8 CPU profile (from `node --cpu-prof …`), and with --tree, who calls a function (inclusive time).
import { readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, count = "30"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/cpuprofile-top.ts <file.cpuprofile> [n] [--tree <function>]");
  process.exit(2);
}
const treeAt = process.argv.indexOf("--tree");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const label = (n: ProfileNode) => {
  const where = n.callFrame.url ? `${path.relative(process.cwd(), n.callFrame.url.replace(/^file:\/\//, ""))}:${n.callFrame.lineNumber + 1}` : "";
  return `${n.callFrame.functionName || "(anonymous)"} ${where}`.trim();
};

const self = new Map<string, number>();
for (const [id, us] of selfUs) {
  const key = label(byId.get(id)!);
  self.set(key, (self.get(key) ?? 0) + us);
}
console.log(`total ${(total / 1000).toFixed(0)} ms sampled\n\nself time:`);
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}

if (treeAt >= 0) {
  // Inclusive time per calling chain that reaches the named function (once per sample).
  const name = process.argv[treeAt + 1] ?? "";
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!;
      if (node.callFrame.functionName !== name) continue;
      const caller = parent.get(at);
      const key = caller !== undefined ? label(byId.get(caller)!) : "(root)";
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  });
  console.log(`\ncallers of ${name} (inclusive):`);
  for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
  }
}

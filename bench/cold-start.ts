// Cold start: from spawning `node src/main.ts` (long polling against the Bot API emulator in this process) to the
// reply to a /today the delegate sent right away; baseline: spawning `node -e ""` until it exits. Median of 5.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { createEmulator } from "../src/emulator/index.ts";
import { PROJECT_ROOT } from "../src/config.ts";
import { TOKEN, median, num, ratio, tempDir, type Row } from "./lib.ts";

const RUNS = 5;
const DELEGATE = 424_242;

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

async function bareNode(): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await exited(child);
  return performance.now() - start;
}

async function botToFirstReply(): Promise<number> {
  const emu = createEmulator();
  const { apiRoot } = await emu.listen();
  const dir = tempDir("cold-start");
  emu.addUser({ id: DELEGATE, first_name: "Ana", language_code: "en" });
  let child: ChildProcess | undefined;
  try {
    const start = performance.now();
    child = spawn(process.execPath, [path.join(PROJECT_ROOT, "src", "main.ts")], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        PATH: process.env.PATH, BOT_TOKEN: TOKEN, BOT_API_ROOT: apiRoot, STORAGE_URL: `sqlite://${path.join(dir, "bot.sqlite")}`,
        PORT: "0", BOT_NOW: "2024-09-25T10:15:00+03:00",
      },
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    // Sent at once: it waits in the emulator's update queue until the bot's first getUpdates.
    emu.sendText(DELEGATE, "/today", { entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    const failed = exited(child).then(() => {
      throw new Error(`the bot exited before answering: ${stderr.trim().slice(0, 300)}`);
    });
    await Promise.race([emu.waitForMessages(DELEGATE, 1, { timeoutMs: 30_000 }), failed]);
    return performance.now() - start;
  } finally {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await exited(child);
    }
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function coldStart(): Promise<Row[]> {
  const bot: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await bareNode());
    bot.push(await botToFirstReply());
  }
  const figure = median(bot);
  const baseline = median(bare);
  return [{
    measure: "cold start to first reply (median of 5)",
    figure: `${num(figure)} ms (max ${num(Math.max(...bot))})`,
    baseline: `node -e "" ${num(baseline)} ms`,
    ratio: ratio(figure, baseline, 1),
    target: "≤ 1,000 ms",
    met: figure <= 1000,
    data: { runs: bot, bare },
  }];
}

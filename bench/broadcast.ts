// Broadcast: a schedule change for 1000 delegates through the durable outbox (Sender + SQLite state) to the Bot API
// emulator enforcing Telegram's limits (30 messages/s in total, 1/s per chat), with the sender at its configured 25/s.
import { rmSync } from "node:fs";
import path from "node:path";
import { Api } from "grammy";
import { buildDeps } from "../src/app.ts";
import { DEFAULT_SCENARIO_DIR, loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { createEmulator } from "../src/emulator/index.ts";
import { Sender } from "../src/delivery/sender.ts";
import { RateLimiter } from "../src/delivery/limiter.ts";
import { createRenderer } from "../src/delivery/render.ts";
import { commitChangeDraft } from "../src/delivery/changes.ts";
import { stateOf } from "../src/domain/changes.ts";
import { eventById } from "../src/domain/agenda.ts";
import { TOKEN, num, ratio, tempDir, until, type BenchOptions, type Row } from "./lib.ts";
import { seedDelegates } from "./traffic.ts";

const EVENT = "d2-theatre"; // for everyone, guests included: every delegate is a recipient
const BEFORE_EVENT = "2024-09-25T10:15:00+03:00";

export async function broadcast(options: BenchOptions): Promise<Row[]> {
  const delegates = options.quick ? 200 : 1000;
  const dir = tempDir("broadcast");
  const config = loadConfig({
    SCENARIO_DIR: DEFAULT_SCENARIO_DIR, STORAGE_URL: `sqlite://${path.join(dir, "bench.sqlite")}`, LOG_LEVEL: "silent", BOT_NOW: BEFORE_EVENT,
  });
  const perSecond = config.sendLimits.perSecond;
  const emu = createEmulator();
  const { apiRoot } = await emu.listen();
  const deps = await buildDeps(config, createLogger("silent"));
  let sender: Sender | undefined;
  try {
    const ids = await seedDelegates(deps.users, deps.scenario.visit, delegates, deps.clock.now());
    for (const id of ids) emu.addUser({ id, first_name: `Delegate ${id}` }, { startedBot: true });
    emu.faults = { rateLimit: { perSecondTotal: 30, perSecondPerChat: 1 } };
    sender = new Sender({
      outbox: deps.outbox,
      api: new Api(TOKEN, { apiRoot }),
      render: createRenderer(deps),
      logger: deps.logger,
      limiter: new RateLimiter(config.sendLimits),
    });
    sender.start();
    deps.delivery.wake = () => sender!.notify();

    const event = eventById(deps.scenario.visit, EVENT)!;
    const later = 30 * 60_000;
    const start = performance.now();
    const result = await commitChangeDraft(deps, {
      kind: "change", id: "bench-move", by: 1, eventId: EVENT,
      after: { ...stateOf(event), start: event.start + later, end: event.end + later },
    });
    if (result.status !== "sent" || result.recipients !== delegates) throw new Error(`change not committed: ${JSON.stringify(result)}`);
    const s = sender;
    await until(() => s.stats.sent + s.stats.unreachable + s.stats.failed >= delegates, 600_000, 5);
    const seconds = (performance.now() - start) / 1000;
    await sender.stop();

    const received = ids.map((id) => emu.botMessages(id).length);
    const lost = received.filter((n) => n === 0).length;
    const duplicates = received.filter((n) => n > 1).length;
    const refused = emu.stats.faults.rateLimit + sender.stats.tooManyRequests;
    const floor = delegates / perSecond;
    return [
      {
        measure: `broadcast to ${num(delegates)} delegates${options.quick ? " (--quick)" : ""}`,
        figure: `${num(seconds, 1)} s`,
        baseline: `floor ${num(floor, 1)} s (${num(delegates)} / ${perSecond} per s)`,
        ratio: ratio(seconds, floor, 3),
        target: "≤ 1.05× floor",
        met: seconds <= 1.05 * floor,
        data: { seconds, floor, delegates, perSecond, stats: sender.stats },
      },
      {
        measure: "  429s / lost / duplicates",
        figure: `${refused} / ${lost} / ${duplicates}`,
        baseline: `${num(sender.stats.sent)} sent`,
        ratio: "",
        target: "0 / 0 / 0",
        met: refused === 0 && lost === 0 && duplicates === 0,
        data: { refused, lost, duplicates, emulator: emu.stats },
      },
    ];
  } finally {
    await sender?.stop();
    await emu.close();
    await deps.storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// One line per organizer action in the audit log (/log): who, when, what, with the ids that say which.
import type { BotContext } from "../../context.ts";

export async function auditAction(ctx: BotContext, action: string, details?: Record<string, unknown>): Promise<void> {
  await ctx.deps.state.audit({
    at: ctx.deps.clock.now(), userId: ctx.from?.id ?? 0, action, allowed: true, ...(details ? { details } : {}),
  });
}

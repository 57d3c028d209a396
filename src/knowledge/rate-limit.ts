// Per-user question rate: a sliding window over an injectable clock, kept in memory (it resets on restart).

export interface RateLimiter {
  /** Records a question by `userId` at `now`; false when the user is over the limit (not recorded then). */
  take(userId: number, now: number): boolean;
}

export function slidingWindow(limit: number, windowMs: number): RateLimiter {
  const seen = new Map<number, number[]>();
  return {
    take(userId, now) {
      const recent = (seen.get(userId) ?? []).filter((t) => now - t < windowMs);
      if (recent.length >= limit) {
        seen.set(userId, recent);
        return false;
      }
      recent.push(now);
      seen.set(userId, recent);
      // Forget quiet users now and then, so the map does not grow with every delegate ever seen.
      if (seen.size > 10_000) for (const [id, ts] of seen) if (ts.every((t) => now - t >= windowMs)) seen.delete(id);
      return true;
    },
  };
}

// Polls an asynchronous condition (a store's report, say) until it holds, or fails naming what it waited for.
export async function until(predicate: () => Promise<boolean>, timeoutMs: number, what = "the outbox to drain"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

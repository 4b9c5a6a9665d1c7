import type { RenderedPage, Sim } from './simulator';

/** Settles until `check` holds (first renders of a sub-package can take longer than one settle). */
export async function until(page: RenderedPage, what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} on ${page.path}: ${page.text().slice(0, 400)}`);
    await page.settle();
  }
}

/** Renders `path`, waits until nothing is loading, runs `run`, expects no errors, and detaches the page. */
export async function withLoadedPage(sim: Sim, path: string, query: Record<string, string>, run: (page: RenderedPage) => Promise<void>): Promise<void> {
  const page = await sim.renderPage(path, query);
  try {
    await until(page, 'the page to load', () => page.find('.loading') === null);
    await run(page);
    expect(sim.errors).toEqual([]);
  } finally {
    page.detach();
  }
}

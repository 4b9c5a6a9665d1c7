import { findHandler, type RenderedPage, type Sim } from './simulator';

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

/** No script errors, every API call answered by a fixture, and no undefined / NaN / [object Object] shown. */
export function expectClean(sim: Sim, page: RenderedPage): void {
  expect(sim.errors).toEqual([]);
  const unanswered = sim.apiCalls.filter((c) => !findHandler(sim.api, c.method, c.path)).map((c) => `${c.method} ${c.path}`);
  expect({ page: page.path, unanswered }).toEqual({ page: page.path, unanswered: [] });
  expect(page.text()).not.toMatch(/undefined|NaN|\[object Object\]/);
}

/** Waits (up to 5 s) until `selector` is rendered: a loaded list can take a few settles on a busy machine. */
export async function shown(p: RenderedPage, selector: string): Promise<void> {
  for (let i = 0; i < 50 && !p.find(selector); i++) {
    await new Promise((r) => setTimeout(r, 100));
    await p.settle();
  }
}

/** Renders `path` with the simulator's logs cleared, runs `check`, expects the page clean, and detaches it. */
export async function withCleanPage(sim: Sim, path: string, query: Record<string, string>, check: (p: RenderedPage) => Promise<void> | void): Promise<void> {
  sim.errors.length = 0;
  sim.apiCalls.length = 0;
  sim.navigations.length = 0;
  const page = await sim.renderPage(path, query);
  try {
    await check(page);
    expectClean(sim, page);
  } finally {
    page.detach();
  }
}

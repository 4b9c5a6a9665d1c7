/**
 * The dashboard and the board as a resident (one app boot per file): no figures for residents (and no
 * request for them), the public board for everyone.
 */
import { residentUser, sessionFor } from './support/fixtures';
import { bootApp } from './support/simulator';
import { assertBuilt } from './support/weapp';

assertBuilt();

const sim = bootApp({ user: residentUser, storage: { 'linli.session': JSON.stringify(sessionFor(residentUser)) } });

it('the dashboard is refused to residents without asking for figures', async () => {
  const page = await sim.renderPage('packages/dashboard/index/index');
  try {
    expect(page.text()).toContain('没有权限');
    expect(sim.apiCalls.filter((c) => c.path === '/figures')).toHaveLength(0);
  } finally {
    page.detach();
  }
});

it('the board is open to residents', async () => {
  const page = await sim.renderPage('packages/board/index/index');
  try {
    expect(page.text()).toContain('违法停车');
    expect(sim.apiCalls.filter((c) => c.path === '/tickets/board')).toHaveLength(1);
    expect(sim.errors).toEqual([]);
  } finally {
    page.detach();
  }
});

/**
 * The catalogue pages for a resident (one simulated app per file): no entry on 我的, and the pages
 * refuse without calling the admin API.
 */
import { residentUser, sessionFor } from './support/fixtures';
import { bootApp, type Sim } from './support/simulator';
import { assertBuilt } from './support/weapp';

assertBuilt();

let sim: Sim;

describe('catalogue pages (resident)', () => {
  beforeAll(() => {
    sim = bootApp({ user: residentUser, storage: { 'linli.session': JSON.stringify(sessionFor(residentUser)) } });
  });

  it('no entry on 我的, and the pages say no permission without asking the admin API', async () => {
    const me = await sim.renderPage('pages/me/index', {});
    expect(me.find('#me-catalog-entry')).toBeNull();
    me.detach();
    for (const path of ['packages/catalog/list/index', 'packages/catalog/edit/index', 'packages/catalog/history/index']) {
      const page = await sim.renderPage(path, { code: 'SR-0102' });
      expect([path, page.text()]).toEqual([path, expect.stringContaining('没有权限')]);
      page.detach();
    }
    expect(sim.apiCalls.filter((c) => c.path.startsWith('/admin/categories'))).toEqual([]);
    expect(sim.errors).toEqual([]);
  });
});

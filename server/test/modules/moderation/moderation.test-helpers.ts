import { createServer, Server } from 'http';
import type { AddressInfo } from 'net';
import type { WechatFake } from '../../fakes/wechat-fake';
import { startAppWithWechatFake } from '../../factories';
import type { TestApp } from '../../helpers/app';

/** The push token config.unittest.ts gives the app. */
export const PUSH_TOKEN = 'test-push-token';

/**
 * The app with the fake WeChat server, also listening on a real port so the fake can POST signed
 * pushes to `/api/wechat/push` the way WeChat does.
 */
export async function startAppWithPush(): Promise<{ t: TestApp; fake: WechatFake; pushUrl: string; closeAll: () => Promise<void> }> {
  const { t, fake, closeAll } = await startAppWithWechatFake();
  const server: Server = createServer(t.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const pushUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/wechat/push`;
  fake.configurePush(pushUrl, PUSH_TOKEN);
  return {
    t,
    fake,
    pushUrl,
    closeAll: async () => {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeAll();
    },
  };
}

import Taro from '@tarojs/taro';
import type { WechatGroupContextInput } from '@linli/shared';
import { IS_WEAPP } from '../../constants/env';

/** Launch scenes of a mini-program card opened inside a WeChat group chat. */
const GROUP_SCENES = [1008, 1044];

/**
 * When this launch came from a card in a WeChat group chat: the group's encrypted info
 * (`Taro.getGroupEnterInfo`) with a fresh login code, for the server to decrypt the opengid. Null in H5,
 * outside group chats, or when WeChat refuses (40097 wrong scene, 65206 the user left the group).
 * The opengid only ever suggests joining: it proves nothing about where someone lives.
 */
export async function groupEnterContext(): Promise<WechatGroupContextInput | null> {
  if (!IS_WEAPP) return null;
  try {
    const enter = Taro.getEnterOptionsSync();
    if (!GROUP_SCENES.includes(enter.scene)) return null;
    // Taro's typing of the result is incomplete: WeChat answers { encryptedData, iv, cloudID }.
    const info = (await Taro.getGroupEnterInfo({})) as unknown as { encryptedData?: string; iv?: string };
    const { code } = await Taro.login();
    if (!info.encryptedData || !info.iv || !code) return null;
    return { loginCode: code, encryptedData: info.encryptedData, iv: info.iv };
  } catch {
    return null;
  }
}

import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  AlertLimits,
  GroupMemberKindLabelZh,
  isInviteCode,
  JOINABLE_MEMBER_KINDS,
  normalizeInviteCode,
  parseGroupQrScene,
  type GroupJoinVia,
  type GroupMemberKind,
  type GroupPreviewResponse,
} from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchGroupPreview, joinGroup, linkWechatGroup, suggestWechatGroups } from '../../../api/alerts';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { askSubscribe, preloadSubscriptions } from '../../../utils/subscribe';
import Chips from '../components/Chips';
import { groupEnterContext } from '../wechat-group';
import '../alert.scss';

export default function JoinPage() {
  return (
    <PageWrapper className='alert-join'>
      <LoginGate>
        <Join />
      </LoginGate>
    </PageWrapper>
  );
}

/** The invite code and how it arrived: `?code=&via=` (share card, typed code) or `?scene=c%3D<code>` (mini-program code). */
function fromParams(params: Record<string, string | undefined>): { code: string | null; via: Exclude<GroupJoinVia, 'created'> } {
  if (params.scene) return { code: parseGroupQrScene(params.scene), via: 'qrcode' };
  const code = params.code ? normalizeInviteCode(decodeURIComponent(params.code)) : null;
  const via = params.via === 'share_card' || params.via === 'qrcode' ? params.via : 'invite_code';
  return { code: code && isInviteCode(code) ? code : null, via };
}

/**
 * Joining a group: what the invite leads to, who I am in the neighbourhood (shop, guard, building head,
 * resident), a note for the officer, then a request the officer approves. Opened from a card inside a
 * WeChat group, it also lets the group's officer associate that WeChat group, and shows others the
 * Linli groups associated with it.
 */
function Join() {
  const { params } = useRouter();
  const { code, via } = fromParams(params);
  const { token } = useSession();
  const preview = useRequest(() => fetchGroupPreview(code!), [code, token], { enabled: code !== null, isEmpty: () => false });
  const [kind, setKind] = useState<GroupMemberKind | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<GroupPreviewResponse['my']>(null);
  const [suggested, setSuggested] = useState<GroupPreviewResponse[]>([]);
  const [officerHere, setOfficerHere] = useState(false);

  useEffect(preloadSubscriptions, [token]);
  useEffect(() => {
    const p = preview.data;
    if (!p) return;
    setOfficerHere(p.my?.role === 'officer' && p.my.status === 'active');
    if (p.my?.role === 'officer') return;
    void groupEnterContext().then(async (ctx) => {
      if (!ctx) return;
      try {
        setSuggested((await suggestWechatGroups(ctx)).filter((g) => g.id !== p.id));
      } catch {
        // a suggestion only: nothing to tell
      }
    });
  }, [preview.data]);

  if (code === null) return <Empty message='邀请码无效' description='请向社区民警重新索取邀请码或入群码' actionText='输入邀请码' onAction={() => void Taro.redirectTo({ url: Routes.alertGroups })} />;
  if (preview.loading && !preview.data) return <Loading />;
  if (preview.error) return <ErrorState error={preview.error} onRetry={preview.reload} />;
  const g = preview.data!;
  const my = done ?? g.my;

  const handleJoin = async () => {
    // Synchronously in the tap: WeChat reminders of this group's alerts (one per acceptance).
    void askSubscribe(['police_alert']);
    if (!kind) {
      setError('请选择您的身份');
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const res = await joinGroup({ code, via, kind, note: note.trim() || undefined });
      setDone(res.my);
      toastOk('已提交申请');
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const handleLink = async () => {
    const ctx = await groupEnterContext();
    if (!ctx) {
      void Taro.showModal({ title: '无法识别微信群', content: '请在微信群聊中打开本群的分享卡片后再关联。', showCancel: false });
      return;
    }
    try {
      await linkWechatGroup(g.id, ctx);
      toastOk('已关联此微信群');
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <View id='join-page'>
      <View className='card' id='join-preview'>
        <Text className='h1'>{g.name}</Text>
        <Text className='muted alert-line'>
          {g.unit.name} · {g.memberCount} 位成员 · 民警 {g.officers.map((o) => o.nickname).join('、') || '暂无'}
        </Text>
        {g.description && <Text className='alert-line'>{g.description}</Text>}
      </View>

      {my && (my.status === 'active' || my.status === 'pending') ? (
        <View className='card' id='join-status'>
          <Text className={`tag ${my.status === 'active' ? 'tag--ok' : 'tag--pending'}`}>{my.status === 'active' ? `您已在群中（${my.roleLabel}）` : '申请已提交，等待民警审核'}</Text>
          <Button className='btn btn--plain alert-line' onClick={() => void Taro.redirectTo({ url: `${Routes.alertGroup}?id=${g.id}` })}>
            查看邻里群
          </Button>
          {officerHere && (
            <Button id='join-link-wechat' className='btn btn--plain alert-line' onClick={handleLink}>
              关联当前微信群（群友打开卡片时提示加入）
            </Button>
          )}
        </View>
      ) : (
        <View className='card' id='join-form'>
          <View className={`field${error ? ' field--invalid' : ''}`}>
            <Text className='field__label'>我是</Text>
            <Chips idPrefix='join-kind' options={JOINABLE_MEMBER_KINDS.map((k) => ({ value: k, label: GroupMemberKindLabelZh[k] }))} value={kind} onChange={setKind} />
            {error && <Text className='field__error'>{error}</Text>}
          </View>
          <View className='field alert-line'>
            <Text className='field__label'>给民警的说明（选填，如店名、门牌号）</Text>
            <Input id='join-note' className='input' value={note} maxlength={AlertLimits.joinNoteMax} placeholder='例如：津浦路 12 号便利店' onInput={(e) => setNote(e.detail.value)} />
          </View>
          <Button id='join-submit' className={`btn alert-line${busy ? ' btn--disabled' : ''}`} disabled={busy} loading={busy} onClick={handleJoin}>
            申请加入
          </Button>
          <Text className='muted alert-line'>民警审核通过后，您会在“警情通报”收到本群的警情。</Text>
        </View>
      )}

      {suggested.length > 0 && (
        <View className='card' id='join-suggested'>
          <Text className='card__title'>这个微信群还关联了</Text>
          {suggested.map((s) => (
            <Text key={s.id} className='alert-line'>
              {s.name}（{s.unit.name}）
            </Text>
          ))}
          <Text className='muted alert-line'>向群里的社区民警索取邀请码即可申请加入。</Text>
        </View>
      )}
    </View>
  );
}

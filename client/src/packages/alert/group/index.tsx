import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import type { GroupMemberResponse, GroupResponse } from '@linli/shared';
import { useEffect, useState } from 'react';
import {
  changeGroupMemberRole,
  fetchGroup,
  fetchGroupMembers,
  fetchGroupQrCodeDataUrl,
  leaveGroup,
  reviewGroupMember,
  rotateInviteCode,
} from '../../../api/alerts';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { IS_WEAPP } from '../../../constants/env';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { idParam } from '../utils';
import '../alert.scss';

export default function GroupPage() {
  const { params } = useRouter();
  const id = idParam(params.id);
  const [group, setGroup] = useState<GroupResponse | null>(null);
  // The share card carries the invite code (approval still needed). Never rewarded: no points for sharing.
  useShareAppMessage(() => ({
    title: group ? `邀请您加入“${group.name}”` : '邻里群邀请',
    path: group?.sharePath ?? Routes.alertGroups,
  }));
  useEffect(() => {
    // withShareTicket: a card opened inside a WeChat group then tells the join page which group it was.
    if (!IS_WEAPP) return;
    try {
      void Promise.resolve(Taro.showShareMenu({ withShareTicket: true })).catch(() => undefined);
    } catch {
      // an old base library without showShareMenu: the share button still shares, without a ticket
    }
  }, []);
  return (
    <PageWrapper className='alert-group'>
      <LoginGate>{id === null ? <Empty message='链接无效' description='请从“我的邻里群”重新打开' /> : <Group id={id} onLoaded={setGroup} />}</LoginGate>
    </PageWrapper>
  );
}

function Group({ id, onLoaded }: { id: number; onLoaded: (g: GroupResponse) => void }) {
  const { token } = useSession();
  const res = useRequest(() => fetchGroup(id), [id, token], { isEmpty: () => false, refreshOnShow: true });
  const [group, setGroup] = useState<GroupResponse | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (res.data) {
      setGroup(res.data);
      onLoaded(res.data);
    }
  }, [res.data, onLoaded]);

  if (res.loading && !group) return <Loading />;
  if (res.error) return <ErrorState error={res.error} onRetry={res.reload} />;
  if (!group) return null;

  const handleRotate = async () => {
    if (!(await confirm('更换邀请码', '旧的邀请码、群卡片和小程序码将失效，确定更换吗？'))) return;
    try {
      setGroup(await rotateInviteCode(id));
      setQr(null);
      toastOk('已更换');
    } catch (e) {
      toastError(e);
    }
  };
  const handleQr = async () => {
    setBusy(true);
    try {
      setQr(await fetchGroupQrCodeDataUrl(id));
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  const handleLeave = async () => {
    if (!(await confirm('退出邻里群', '退出后将不再收到本群的警情。'))) return;
    try {
      setGroup(await leaveGroup(id));
      toastOk('已退出');
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <View id='group-page'>
      <View className='card'>
        <Text id='group-name' className='h1'>
          {group.name}
        </Text>
        <Text className='muted alert-line'>
          {group.unit.name} · {group.memberCount} 位成员 · 民警 {group.officers.map((o) => o.nickname).join('、') || '暂无'}
        </Text>
        {group.description && <Text className='alert-line'>{group.description}</Text>}
        {group.my && (
          <View className='alert-line'>
            <Text id='group-my-status' className={`tag ${group.my.status === 'active' ? 'tag--ok' : 'tag--pending'}`}>
              我：{group.my.status === 'active' ? group.my.roleLabel : group.my.statusLabel}
            </Text>
          </View>
        )}
        {group.wechatGroupLinked && <Text className='muted alert-line'>已关联微信群（仅用于提示群友加入）</Text>}
      </View>

      {group.inviteCode && (
        <View className='card' id='group-invite'>
          <Text className='card__title'>邀请成员（都需要审核）</Text>
          <View>
            <Text className='muted'>邀请码</Text>
          </View>
          <View>
            <Text id='group-invite-code' className='alert-invite' userSelect>
              {group.inviteCode}
            </Text>
          </View>
          <View className='btn-group'>
            <Button id='group-qrcode-btn' className={`btn btn--plain${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={handleQr}>
              生成小程序码
            </Button>
            {IS_WEAPP && (
              <Button id='group-share' className='btn btn--plain' openType='share'>
                分享群卡片
              </Button>
            )}
            {group.abilities.manage && (
              <Button id='group-rotate-code' className='btn btn--plain' onClick={handleRotate}>
                更换邀请码
              </Button>
            )}
          </View>
          {qr && <Image id='group-qrcode' className='alert-qrcode' src={qr} mode='aspectFit' showMenuByLongpress />}
        </View>
      )}

      {group.abilities.approve && <Members group={group} onChanged={() => void res.reload()} />}

      {group.my && (group.my.status === 'active' || group.my.status === 'pending') && (
        <Button id='group-leave' className='btn btn--danger-plain' onClick={handleLeave}>
          {group.my.status === 'pending' ? '撤回入群申请' : '退出邻里群'}
        </Button>
      )}
    </View>
  );
}

/** Join requests (approve / reject) and members (officers may make co-admins). */
function Members({ group, onChanged }: { group: GroupResponse; onChanged: () => void }) {
  const pending = useRequest(() => fetchGroupMembers(group.id, { status: 'pending' }), [group.id], { isEmpty: (p) => p.items.length === 0 });
  const active = useRequest(() => fetchGroupMembers(group.id, { status: 'active' }), [group.id], { isEmpty: (p) => p.items.length === 0 });

  const review = async (m: GroupMemberResponse, approve: boolean) => {
    try {
      await reviewGroupMember(group.id, m.userId, { approve });
      toastOk(approve ? '已通过' : '已拒绝');
      await Promise.all([pending.reload(), active.reload()]);
      onChanged();
    } catch (e) {
      toastError(e);
    }
  };
  const setRole = async (m: GroupMemberResponse, role: 'co_admin' | 'member') => {
    try {
      await changeGroupMemberRole(group.id, m.userId, { role });
      toastOk('已调整');
      await active.reload();
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <View>
      <View className='card' id='group-pending'>
        <Text className='card__title'>入群申请</Text>
        {pending.loading && !pending.data ? (
          <Loading />
        ) : pending.error ? (
          <ErrorState error={pending.error} onRetry={pending.reload} />
        ) : pending.empty ? (
          <Text className='muted'>暂无待审核的申请</Text>
        ) : (
          pending.data!.items.map((m) => (
            <View key={m.userId} className='alert-list-item member-item' id={`member-pending-${m.userId}`}>
              <Text>
                {m.nickname}（{m.kindLabel}）{m.unitName ? ` · ${m.unitName}` : ''}
              </Text>
              <Text className='muted alert-line'>
                通过{m.viaLabel}申请{m.note ? ` · “${m.note}”` : ''}
              </Text>
              <View className='btn-group'>
                <Button id={`member-reject-${m.userId}`} className='btn btn--danger-plain' onClick={() => review(m, false)}>
                  拒绝
                </Button>
                <Button id={`member-approve-${m.userId}`} className='btn' onClick={() => review(m, true)}>
                  通过
                </Button>
              </View>
            </View>
          ))
        )}
      </View>
      <View className='card' id='group-members'>
        <Text className='card__title'>成员</Text>
        {active.data?.items.map((m) => (
          <View key={m.userId} className='alert-list-item member-item' id={`member-${m.userId}`}>
            <View className='row row--between'>
              <Text>
                {m.nickname}（{m.kindLabel}）
              </Text>
              <Text className='tag tag--neutral'>{m.roleLabel}</Text>
            </View>
            {group.abilities.manage && m.role !== 'officer' && (
              <Button className='btn btn--plain btn--inline alert-line' onClick={() => setRole(m, m.role === 'co_admin' ? 'member' : 'co_admin')}>
                {m.role === 'co_admin' ? '取消协管员' : '设为协管员'}
              </Button>
            )}
          </View>
        ))}
        {active.data?.nextCursor && <Text className='muted alert-line'>仅显示前 50 位成员</Text>}
      </View>
    </View>
  );
}

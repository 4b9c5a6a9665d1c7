import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { reviewRewardSchema, safeParseZh, withdrawRewardSchema, type RewardResponse } from '@linli/shared';
import { useState } from 'react';
import { fetchAdminRewards, reviewReward, withdrawReward } from '../../../api/points';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { adminUnits, REWARD_TAG } from '../helpers';
import '../points.scss';

export default function AdminRewardsPage() {
  return (
    <PageWrapper className='points-admin-rewards'>
      <LoginGate>
        <AdminRewards />
      </LoginGate>
    </PageWrapper>
  );
}

function AdminRewards() {
  const { token, user } = useSession();
  const allowed = adminUnits(user).length > 0;
  const list = useRequest(() => fetchAdminRewards(), [token], { enabled: allowed, refreshOnShow: true });
  const [changed, setChanged] = useState<Record<number, RewardResponse>>({});

  if (!allowed) return <Empty message='没有权限' description='只有管理员可以管理奖品' />;
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  const items = (list.data ?? []).map((r) => changed[r.id] ?? r);
  const pending = items.filter((r) => r.status === 'pending').length;
  return (
    <View>
      <Button id='admin-reward-create' className='btn' onClick={() => void Taro.navigateTo({ url: `${Routes.pointsRewardEdit}?mode=admin` })}>
        新建社区奖品
      </Button>
      <Text className='section-title points-line'>待审核 {pending} 件 · 辖区内社区服务中心和商户的奖品</Text>
      {items.length === 0 && <Empty message='还没有奖品' />}
      <View id='admin-rewards-list'>
        {items.map((r) => (
          <RewardCard key={r.id} reward={r} onChanged={(u) => setChanged((c) => ({ ...c, [u.id]: u }))} />
        ))}
      </View>
    </View>
  );
}

function RewardCard({ reward: r, onChanged }: { reward: RewardResponse; onChanged: (r: RewardResponse) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<RewardResponse>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await work());
      setNote('');
      toastOk(done);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  const handleReview = (decision: 'approve' | 'reject') => {
    const parsed = safeParseZh(reviewRewardSchema, { decision, note: note || undefined, version: r.version });
    if (!parsed.success) return setError(parsed.fields.note ?? Object.values(parsed.fields)[0]);
    void run(() => reviewReward(r.id, parsed.data), decision === 'approve' ? '已通过' : '已驳回');
  };
  const handleWithdraw = () => {
    const parsed = safeParseZh(withdrawRewardSchema, { reason: note });
    if (!parsed.success) return setError(parsed.fields.reason ?? '请填写下架原因');
    void run(() => withdrawReward(r.id, parsed.data.reason), '已下架');
  };

  const open = r.status === 'pending' || r.status === 'approved';
  return (
    <View className='card points-reward' id={`admin-reward-${r.id}`}>
      <View className='row row--between'>
        <Text className='card__title grow'>{r.title}</Text>
        <Text className={`tag ${REWARD_TAG[r.status]}`}>{r.statusLabel}</Text>
      </View>
      <Text className='muted points-line'>
        {r.providerLabel} · {r.providerName} · {r.unitName ?? ''}
      </Text>
      <Text className='muted points-line'>
        {r.cost} 积分 · 剩余 {r.stockLeft}/{r.stockTotal} · 每人限兑 {r.perUserLimit} · {formatDateTime(r.validFrom)} 至 {formatDateTime(r.validUntil)}
      </Text>
      <Text className='muted points-line'>领取地点：{r.pickupPlace}</Text>
      {r.description && <Text className='points-line'>{r.description}</Text>}
      {r.reviewNote && <Text className='muted points-line'>意见：{r.reviewNote}</Text>}
      {open && (
        <View className={`field points-line${error ? ' field--invalid' : ''}`}>
          <Input
            id={`admin-reward-note-${r.id}`}
            className='input'
            value={note}
            maxlength={200}
            placeholder={r.status === 'pending' ? '审核意见（驳回时必填）' : '下架原因（必填）'}
            onInput={(e) => setNote(e.detail.value)}
          />
          {error && <Text className='field__error'>{error}</Text>}
        </View>
      )}
      {r.status === 'pending' && (
        <View className='btn-group'>
          <Button id={`admin-reward-approve-${r.id}`} className={`btn${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={() => handleReview('approve')}>
            通过
          </Button>
          <Button id={`admin-reward-reject-${r.id}`} className={`btn btn--danger-plain${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={() => handleReview('reject')}>
            驳回
          </Button>
        </View>
      )}
      {r.status === 'approved' && (
        <Button id={`admin-reward-withdraw-${r.id}`} className={`btn btn--danger-plain points-line${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={handleWithdraw}>
          下架（已发出的兑换码仍可领取）
        </Button>
      )}
    </View>
  );
}

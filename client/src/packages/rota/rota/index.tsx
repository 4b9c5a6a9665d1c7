import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { RotaReviewInput } from '@linli/shared';
import { enrolMembers, fetchAttendance, fetchRotaDetail, removeMember, reviewExemption, reviewMember, reviewSwap } from '../../../api/rota';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { idParam, periodText } from '../common';
import '../rota.scss';

/** One rota for its officer: approvals (joins, swaps, exemptions), who has not checked in, members. */
export default function RotaDetailPage() {
  const id = idParam(useRouter().params.id);
  return (
    <PageWrapper className='rota-detail'>
      <LoginGate>{id !== null ? <Detail id={id} /> : <Empty message='没有指定轮值表' description='请从“轮值管理”中选择一张轮值表查看详情和待审批的申请' />}</LoginGate>
    </PageWrapper>
  );
}

const REJECT: RotaReviewInput = { approve: false, note: '请与民警联系后再申请' };

function Detail({ id }: { id: number }) {
  const { token } = useSession();
  const r = useRequest(() => fetchRotaDetail(id), [token, id], { refreshOnShow: true, isEmpty: () => false });
  const att = useRequest(() => fetchAttendance(id), [token, id], { refreshOnShow: true, isEmpty: () => false });
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorState error={r.error} onRetry={r.reload} />;
  const rota = r.data!;
  const act = (work: Promise<unknown>, ok: string) =>
    work.then(async () => {
      toastOk(ok);
      await Promise.all([r.reload(), att.reload()]);
    }, toastError);
  const pendingMembers = rota.members.filter((m) => m.status === 'pending');
  const active = rota.members.filter((m) => m.status === 'active');

  return (
    <View id='rota-detail'>
      <View className='card'>
        <Text className='h1'>{rota.name}</Text>
        <Text className='muted'>
          {rota.unit.name} · {rota.grids.map((g) => g.name).join('、')} · 每周 {rota.slots} 家 · 完成需打卡 {rota.checkinsRequired} 次 · {rota.holidayPolicyLabel}
        </Text>
        {rota.shortWeeks.length > 0 && <Text className='text-danger'>人手不足的周：{rota.shortWeeks.join('、')}</Text>}
        <View className='btn-group'>
          <Button id='rota-open-roster' className='btn btn--plain' onClick={() => Taro.navigateTo({ url: `${Routes.rotaRoster}?id=${rota.id}` })}>
            查看公开轮值表
          </Button>
          <Button id='rota-enrol-all' className='btn btn--plain' onClick={() => act(enrolMembers(rota.id, { allInArea: true }), '已加入区域内新审核的商户')}>
            加入区域内全部商户
          </Button>
        </View>
      </View>

      <View className='card' id='rota-attendance'>
        <Text className='card__title'>本周值守与打卡</Text>
        {att.loading ? (
          <Loading />
        ) : att.data?.period ? (
          <View>
            <Text className='muted' id='rota-not-checked-in'>
              {periodText(att.data.period.start, att.data.period.end)} · 未打卡 {att.data.notCheckedIn} 家
            </Text>
            {att.data.rows.map((row) => (
              <View key={row.dutyId} className='rota-list-item row row--between' id={`rota-attendance-${row.dutyId}`}>
                <View className='grow'>
                  <Text className='rota-checklist__item'>
                    {row.participant.name} {row.phone ?? ''}
                  </Text>
                  <Text className='muted'>{row.lastCheckinAt ? `最近打卡 ${formatDateTime(row.lastCheckinAt)}` : '尚未打卡'}</Text>
                </View>
                <Text className={`tag ${row.completed ? 'tag--ok' : row.checkinCount === 0 ? 'tag--bad' : 'tag--pending'}`}>
                  {row.completed ? '已完成' : `${row.checkinCount}/${row.required}`}
                </Text>
              </View>
            ))}
          </View>
        ) : (
          <Text className='muted'>轮值尚未开始</Text>
        )}
      </View>

      <Text className='section-title'>待审批</Text>
      {!pendingMembers.length && !rota.pendingSwaps.length && !rota.pendingExemptions.length && <Empty message='没有待审批的申请' />}
      {pendingMembers.map((m) => (
        <View key={m.id} className='card' id={`rota-member-pending-${m.id}`}>
          <Text>
            {m.participant.kindLabel}申请加入：{m.participant.name} {m.participant.phone ?? ''}
          </Text>
          <View className='btn-group'>
            <Button className='btn' onClick={() => act(reviewMember(m.id, { approve: true }), '已通过')}>
              通过
            </Button>
            <Button className='btn btn--danger-plain' onClick={() => act(reviewMember(m.id, REJECT), '已驳回')}>
              驳回
            </Button>
          </View>
        </View>
      ))}
      {rota.pendingSwaps.map((s) => (
        <View key={s.id} className='card' id={`rota-swap-review-${s.id}`}>
          <Text className='rota-checklist__item'>
            换班：{s.requesterDuty.participant.name}（{periodText(s.requesterDuty.start, s.requesterDuty.end)}）⇄ {s.targetDuty.participant.name}（
            {periodText(s.targetDuty.start, s.targetDuty.end)}）
          </Text>
          <Text className='muted'>
            {s.statusLabel} · 原因：{s.reason}
          </Text>
          {s.canReview && (
            <View className='btn-group'>
              <Button id={`rota-swap-approve-${s.id}`} className='btn' onClick={() => act(reviewSwap(s.id, { approve: true }), '已批准')}>
                批准
              </Button>
              <Button className='btn btn--danger-plain' onClick={() => act(reviewSwap(s.id, REJECT), '未批准')}>
                不批准
              </Button>
            </View>
          )}
        </View>
      ))}
      {rota.pendingExemptions.map((e) => (
        <View key={e.id} className='card' id={`rota-exemption-review-${e.id}`}>
          <Text>
            免值守：{e.participant.name} {e.from} 至 {e.to}（{e.reasonLabel}）
          </Text>
          <View className='btn-group'>
            <Button className='btn' onClick={() => act(reviewExemption(e.id, { approve: true }), '已批准')}>
              批准
            </Button>
            <Button className='btn btn--danger-plain' onClick={() => act(reviewExemption(e.id, REJECT), '未批准')}>
              不批准
            </Button>
          </View>
        </View>
      ))}

      <Text className='section-title'>参与的商户和志愿者（{active.length}）</Text>
      <View className='card' id='rota-members'>
        {active.map((m) => (
          <View key={m.id} className='rota-list-item row row--between'>
            <View className='grow'>
              <Text className='rota-checklist__item'>
                {m.participant.name} · {m.participant.kindLabel}
              </Text>
              <Text className='muted'>
                已值守 {m.dutyCount} 次{m.nextDuty ? ` · 下次 ${m.nextDuty}` : ''}
              </Text>
            </View>
            <Text
              className='link'
              onClick={async () => {
                if (await confirm('移出轮值', `从下一周起不再安排 ${m.participant.name} 值守？`)) await act(removeMember(m.id), '已移出');
              }}
            >
              移出
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}

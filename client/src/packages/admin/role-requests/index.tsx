import { Button, Text, Textarea, View } from '@tarojs/components';
import { reviewRoleRequestSchema, safeParseZh, UnitLevelLabelZh, type RoleRequestResponse } from '@linli/shared';
import { useState } from 'react';
import { fetchReviewQueue, reviewRoleRequest } from '../../../api/admin';
import { ApiError } from '../../../api/request';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import ReportContentButton from '../../../components/ReportContentButton';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { ROLE_REQUEST_STATUS_TAG } from '../../../utils/status';
import './index.scss';

export default function AdminRoleRequests() {
  return (
    <PageWrapper className='admin-review'>
      <LoginGate>
        <Queue />
      </LoginGate>
    </PageWrapper>
  );
}

function Queue() {
  const { user, token } = useSession();
  const enabled = Boolean(user?.abilities.reviewRoleRequests);
  const queue = useRequest(fetchReviewQueue, [token], { enabled });
  // Reviewed requests stay on screen with their new status until the next reload.
  const [done, setDone] = useState<Record<number, RoleRequestResponse>>({});

  if (!enabled) return <Empty message='没有权限' description='只有辖区管理员可以审核身份申请' />;
  if (queue.loading) return <Loading />;
  if (queue.error) return <ErrorState error={queue.error} onRetry={queue.reload} />;
  if (queue.empty) return <Empty message='没有待审核的申请' actionText='刷新' onAction={queue.reload} />;

  const pending = (queue.data ?? []).filter((r) => !done[r.id]).length;
  return (
    <View>
      <Text className='section-title' id='review-pending-count'>
        待审核 {pending} 条
      </Text>
      {queue.data?.map((r) => (
        <ReviewCard key={r.id} request={done[r.id] ?? r} onReviewed={(updated) => setDone((d) => ({ ...d, [r.id]: updated }))} />
      ))}
    </View>
  );
}

function ReviewCard({ request: r, onReviewed }: { request: RoleRequestResponse; onReviewed: (r: RoleRequestResponse) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isPending = r.status === 'pending';

  const submit = async (approve: boolean) => {
    const parsed = safeParseZh(reviewRoleRequestSchema, approve ? { approve } : { approve, note });
    if (!parsed.success) {
      setError(parsed.fields.note ?? Object.values(parsed.fields)[0] ?? '请检查填写内容');
      return;
    }
    if (approve && !(await confirm('通过申请', `确认授予 ${r.applicant?.nickname ?? '申请人'} “${r.roleLabel}”身份（${r.unit.name}）？`, '通过'))) return;
    setError(null);
    setBusy(true);
    try {
      const updated = await reviewRoleRequest(r.id, parsed.data);
      toastOk(approve ? '已通过' : '已驳回');
      onReviewed(updated);
    } catch (e) {
      if (e instanceof ApiError && e.fields.note) setError(e.fields.note);
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card review-card' id={`review-${r.id}`}>
      <View className='row row--between'>
        <Text className='card__title review-card__title'>
          {r.applicant?.nickname ?? '申请人'} 申请“{r.roleLabel}”
        </Text>
        <Text className={`tag ${ROLE_REQUEST_STATUS_TAG[r.status] ?? 'tag--neutral'}`}>{r.statusLabel}</Text>
      </View>
      {/* The applicant's nickname is user content shown to others: it can be reported (举报). */}
      {r.applicant && <ReportContentButton targetType='nickname' targetId={r.applicant.id} subject={`昵称“${r.applicant.nickname}”`} />}
      <Text className='review-card__line'>
        辖区：{r.unit.name}（{UnitLevelLabelZh[r.unit.level]}）
      </Text>
      <Text className='review-card__line'>理由：{r.reason}</Text>
      <Text className='review-card__line muted'>
        手机号：{r.applicant?.phoneMasked ?? '未绑定'} · 提交于 {formatDateTime(r.createdAt)}
      </Text>
      {r.reviewNote && <Text className='review-card__line'>审核意见：{r.reviewNote}</Text>}

      {isPending && rejecting && (
        <View className={`field review-card__note${error ? ' field--invalid' : ''}`}>
          <Text className='field__label'>驳回理由（申请人可以看到）</Text>
          <Textarea
            id={`review-note-${r.id}`}
            className='textarea'
            value={note}
            maxlength={200}
            autoHeight
            placeholder='例如：请提供本楼住户证明后重新申请'
            onInput={(e) => setNote(e.detail.value)}
          />
          {error && <Text className='field__error'>{error}</Text>}
        </View>
      )}
      {isPending && !rejecting && error && <Text className='field__error'>{error}</Text>}

      {isPending && (
        <View className='btn-group'>
          {rejecting ? (
            <>
              <Button className={`btn btn--plain${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={() => setRejecting(false)}>
                取消
              </Button>
              <Button id={`review-reject-confirm-${r.id}`} className={`btn btn--danger${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={() => submit(false)}>
                确认驳回
              </Button>
            </>
          ) : (
            <>
              <Button id={`review-reject-${r.id}`} className={`btn btn--danger-plain${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={() => setRejecting(true)}>
                驳回
              </Button>
              <Button id={`review-approve-${r.id}`} className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={() => submit(true)}>
                通过
              </Button>
            </>
          )}
        </View>
      )}
    </View>
  );
}

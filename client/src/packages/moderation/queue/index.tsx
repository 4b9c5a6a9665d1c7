import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import { moderationActionSchema, safeParseZh, type ModerationAction, type ModerationItemResponse } from '@linli/shared';
import { useState } from 'react';
import { fetchModerationQueue, hideModerationItem, restoreModerationItem } from '../../../api/moderation';
import { API_ORIGIN } from '../../../constants/env';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { canModerate } from '../../../utils/roles';
import './index.scss';

const STATUS_TAG: Record<string, string> = { pending: 'tag--pending', published: 'tag--ok', hidden: 'tag--bad' };

export default function ModerationQueue() {
  return (
    <PageWrapper className='moderation'>
      <LoginGate>
        <Queue />
      </LoginGate>
    </PageWrapper>
  );
}

function Queue() {
  const { user, token } = useSession();
  const enabled = canModerate(user);
  const queue = useRequest(() => fetchModerationQueue(), [token], { enabled, refreshOnShow: true, isEmpty: () => false });
  const [changed, setChanged] = useState<Record<number, ModerationItemResponse>>({});

  if (!enabled) return <Empty message='没有权限' description='只有管理员和社区民警可以处理内容审核' />;
  if (queue.loading) return <Loading />;
  if (queue.error) return <ErrorState error={queue.error} onRetry={queue.reload} />;

  const items = (queue.data ?? []).map((i) => changed[i.id] ?? i);
  const pending = items.filter((i) => i.status === 'pending').length;
  return (
    <View id='moderation-list'>
      <Text className='section-title'>待处理 {pending} 条 · 辖区内的举报、机器复核和检测超时的内容</Text>
      {pending === 0 && <Empty message='没有待处理的内容' actionText='刷新' onAction={queue.reload} />}
      {items.map((item) => (
        <ItemCard key={item.id} item={item} onChanged={(updated) => setChanged((c) => ({ ...c, [updated.id]: updated }))} />
      ))}
    </View>
  );
}

function ItemCard({ item, onChanged }: { item: ModerationItemResponse; onChanged: (i: ModerationItemResponse) => void }) {
  const [action, setAction] = useState<ModerationAction | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!action) return;
    const parsed = safeParseZh(moderationActionSchema, { reason, version: item.version });
    if (!parsed.success) {
      setError(parsed.fields.reason ?? Object.values(parsed.fields)[0] ?? '请填写处理理由');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const updated = action === 'hide' ? await hideModerationItem(item.id, parsed.data) : await restoreModerationItem(item.id, parsed.data);
      toastOk(action === 'hide' ? '已隐藏' : '已恢复');
      setAction(null);
      setReason('');
      onChanged(updated);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const thumb = item.thumbnailUrl ? (item.thumbnailUrl.startsWith('/') ? `${API_ORIGIN}${item.thumbnailUrl}` : item.thumbnailUrl) : null;
  return (
    <View className='card moderation-item' id={`moderation-item-${item.id}`}>
      <View className='row row--between'>
        <Text className='card__title moderation-item__title'>
          {item.contentTypeLabel} · {item.sourceLabel}
        </Text>
        <Text className={`tag ${STATUS_TAG[item.status] ?? 'tag--neutral'}`}>{item.statusLabel}</Text>
      </View>
      {item.excerpt && <Text className='moderation-item__excerpt'>“{item.excerpt}”</Text>}
      {thumb && <Image className='moderation-item__thumb' src={thumb} mode='aspectFit' />}
      {item.mediaId !== null && !thumb && <Text className='muted moderation-item__line'>图片 #{item.mediaId}（无法预览）</Text>}
      <Text className='muted moderation-item__line'>
        发布人：{item.owner?.nickname ?? '未知'}
        {item.unitName ? ` · ${item.unitName}` : ''} · {formatDateTime(item.createdAt)}
      </Text>
      {item.reportCount > 0 && <Text className='moderation-item__line'>被举报 {item.reportCount} 次</Text>}
      {item.suggest && (
        <Text className='muted moderation-item__line'>
          微信检测：{item.suggest}
          {item.label !== null ? `（标签 ${item.label}）` : ''}
        </Text>
      )}
      {item.reason && (
        <Text className='moderation-item__line'>
          处理理由：{item.reason}
          {item.reviewer ? `（${item.reviewer.nickname}）` : ''}
        </Text>
      )}

      {action && (
        <View className={`field moderation-item__reason${error ? ' field--invalid' : ''}`}>
          <Text className='field__label'>{action === 'hide' ? '隐藏理由（必填，记入操作日志）' : '恢复理由（必填，记入操作日志）'}</Text>
          <Textarea
            id={`moderation-reason-${item.id}`}
            className='textarea'
            value={reason}
            maxlength={200}
            autoHeight
            placeholder={action === 'hide' ? '例如：昵称含辱骂内容' : '例如：复核后内容无问题'}
            onInput={(e) => setReason(e.detail.value)}
          />
          {error && <Text className='field__error'>{error}</Text>}
        </View>
      )}

      <View className='btn-group'>
        {action ? (
          <>
            <Button className='btn btn--plain' disabled={busy} onClick={() => setAction(null)}>
              取消
            </Button>
            <Button
              id={`moderation-confirm-${item.id}`}
              className={`btn ${action === 'hide' ? 'btn--danger' : ''}${busy ? ' btn--disabled' : ''}`}
              loading={busy}
              disabled={busy}
              onClick={submit}
            >
              {action === 'hide' ? '确认隐藏' : '确认恢复'}
            </Button>
          </>
        ) : (
          <>
            {item.status !== 'hidden' && (
              <Button id={`moderation-hide-${item.id}`} className='btn btn--danger-plain' onClick={() => setAction('hide')}>
                隐藏
              </Button>
            )}
            {item.status !== 'published' && (
              <Button id={`moderation-restore-${item.id}`} className='btn btn--plain' onClick={() => setAction('restore')}>
                恢复
              </Button>
            )}
          </>
        )}
      </View>
    </View>
  );
}

import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { deleteAccountSchema, safeParseZh, type MyDataExport } from '@linli/shared';
import { useState } from 'react';
import { deleteAccount, exportMyData } from '../../../api/me';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import './index.scss';

export default function MyData() {
  return (
    <PageWrapper className='my-data'>
      <LoginGate>
        <ExportCard />
        <DeleteCard />
      </LoginGate>
    </PageWrapper>
  );
}

function ExportCard() {
  const [data, setData] = useState<MyDataExport | null>(null);
  const [busy, setBusy] = useState(false);

  const handleExport = async () => {
    setBusy(true);
    try {
      setData(await exportMyData());
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const handleCopy = () => {
    if (!data) return;
    void Taro.setClipboardData({ data: JSON.stringify(data, null, 2) });
  };

  return (
    <View className='card'>
      <Text className='card__title'>查看和导出我的数据</Text>
      <Text className='card__desc'>这里列出邻里保存的关于您的全部个人信息。您可以复制为 JSON 文本保存。</Text>
      <View className='btn-group'>
        <Button id='my-data-export' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleExport}>
          {data ? '重新导出' : '导出我的数据'}
        </Button>
        {data && (
          <Button id='my-data-copy' className='btn btn--plain' onClick={handleCopy}>
            复制为 JSON
          </Button>
        )}
      </View>
      {data && (
        <View id='my-data-result' className='my-data__result'>
          <Text className='muted'>导出时间：{formatDateTime(data.exportedAt)}</Text>
          <Text className='my-data__h'>基本资料</Text>
          <Row label='编号' value={String(data.profile.id)} />
          <Row label='昵称' value={data.profile.nickname} />
          <Row label='头像' value={data.profile.avatarUrl ?? '未设置'} />
          <Row label='手机号' value={data.profile.phone ?? '未绑定'} />
          <Row label='注册时间' value={formatDateTime(data.profile.createdAt)} />

          <Text className='my-data__h'>身份（{data.roles.length}）</Text>
          {data.roles.map((r) => (
            <Row key={`${r.role}-${r.unit?.id ?? 0}`} label={r.roleLabel} value={r.unit?.name ?? '—'} />
          ))}

          <Text className='my-data__h'>身份申请（{data.roleRequests.length}）</Text>
          {data.roleRequests.length === 0 && <Text className='muted'>无</Text>}
          {data.roleRequests.map((r) => (
            <Row key={r.id} label={`${r.roleLabel} · ${r.unit.name}`} value={`${r.statusLabel}，${formatDateTime(r.createdAt)}`} />
          ))}

          <Text className='my-data__h'>登录记录（{data.sessions.length}）</Text>
          {data.sessions.map((s, i) => (
            <Row
              key={i}
              label={`登录于 ${formatDateTime(s.createdAt)}`}
              value={`${s.lastUsedAt ? `最近使用 ${formatDateTime(s.lastUsedAt)}，` : ''}到期 ${formatDateTime(s.expiresAt)}`}
            />
          ))}

          <Text className='my-data__h'>站内消息（{data.notifications.length}）</Text>
          {data.notifications.length === 0 && <Text className='muted'>无</Text>}
          {data.notifications.map((n, i) => (
            <Row key={`n${i}`} label={n.title} value={`${formatDateTime(n.createdAt)}，${n.readAt ? '已读' : '未读'}`} />
          ))}

          <Text className='my-data__h'>上传的照片（{data.media.length}）</Text>
          {data.media.length === 0 && <Text className='muted'>无</Text>}
          {data.media.map((x) => (
            <Row key={`m${x.id}`} label={`照片 #${x.id}`} value={`${formatDateTime(x.createdAt)}，${Math.max(1, Math.round(x.bytes / 1024))} KB`} />
          ))}

          <FeatureSummary data={data} />
        </View>
      )}
    </View>
  );
}

/** Counts of what the feature modules hold (the full records are in the copied JSON). */
function FeatureSummary({ data }: { data: MyDataExport }) {
  const { tickets, points, rota, groups } = data;
  return (
    <>
      {tickets && (
        <>
          <Text className='my-data__h'>问题上报</Text>
          <Row label='我上报的问题' value={`${tickets.reported.length} 件`} />
          <Row label='我参与的问题（我也遇到）' value={`${tickets.joined.length} 件`} />
          <Row label='我的办理记录（评价、补充等）' value={`${tickets.actions.length} 条`} />
        </>
      )}
      {points && (
        <>
          <Text className='my-data__h'>积分</Text>
          <Row label='积分余额' value={String(points.balance)} />
          <Row label='积分流水' value={`${points.entries.length} 条`} />
          <Row label='兑换记录' value={`${points.redemptions.length} 条`} />
          <Row label='排行榜匿名' value={points.leaderboardOptOut ? '是' : '否'} />
        </>
      )}
      {rota && (
        <>
          <Text className='my-data__h'>值守</Text>
          <Row label='我的商户或志愿者登记' value={`${rota.participants.length} 个`} />
          <Row label='参加的轮值' value={`${rota.memberships.length} 个`} />
          <Row label='值守周' value={`${rota.duties.length} 周`} />
          <Row label='签到记录' value={`${rota.checkins.length} 条`} />
          <Row label='换班申请' value={`${rota.swaps.length} 条`} />
          <Row label='免值守申请' value={`${rota.exemptions.length} 条`} />
        </>
      )}
      {groups && (
        <>
          <Text className='my-data__h'>邻里群与警情</Text>
          <Row label='加入的邻里群' value={`${groups.memberships.length} 个`} />
          <Row label='收到的警情' value={`${groups.alerts.length} 条，已确认收到 ${groups.alerts.filter((a) => a.ackedAt).length} 条`} />
          <Row label='发送的线索和提问' value={`${groups.tips.length} 条`} />
        </>
      )}
    </>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='my-data__row'>
      <Text className='my-data__label'>{label}</Text>
      <Text className='my-data__value'>{value}</Text>
    </View>
  );
}

function DeleteCard() {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const handleDelete = async () => {
    const parsed = safeParseZh(deleteAccountSchema, { confirm: text.trim() });
    if (!parsed.success) {
      setError(parsed.fields.confirm ?? '请输入“注销”确认');
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await deleteAccount(parsed.data);
      toastOk('账号已注销');
      void Taro.switchTab({ url: Routes.home });
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card my-data__danger'>
      <Text className='card__title text-danger'>注销账号</Text>
      <Text className='card__desc'>
        注销后，您的资料、手机号、身份和申请记录将被删除或匿名化，且无法恢复。您持有的工作人员身份也会一并失效。
      </Text>
      <View className={`field my-data__confirm${error ? ' field--invalid' : ''}`}>
        <Text className='field__label'>请输入“注销”两个字确认</Text>
        <Input id='delete-confirm-input' className='input' value={text} placeholder='注销' onInput={(e) => setText(e.detail.value)} />
        {error && <Text className='field__error'>{error}</Text>}
      </View>
      <Button id='delete-account-submit' className={`btn btn--danger${busy || text.trim() !== '注销' ? ' btn--disabled' : ''}`} loading={busy} disabled={busy || text.trim() !== '注销'} onClick={handleDelete}>
        确认注销
      </Button>
    </View>
  );
}

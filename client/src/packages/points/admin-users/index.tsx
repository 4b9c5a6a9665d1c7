import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { adjustmentSchema, safeParseZh, type AdminPointsUserResponse } from '@linli/shared';
import { useRef, useState } from 'react';
import { adjustPoints, downloadStatementCsv, fetchPointsUser, findPointsUsers, newClientKey } from '../../../api/points';
import Empty from '../../../components/Empty';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { IS_H5 } from '../../../constants/env';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { adminUnits, signed } from '../helpers';
import '../points.scss';

export default function AdminUsersPage() {
  return (
    <PageWrapper className='points-admin-users'>
      <LoginGate>
        <AdminUsers />
      </LoginGate>
    </PageWrapper>
  );
}

function AdminUsers() {
  const { user } = useSession();
  const units = adminUnits(user);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<AdminPointsUserResponse[] | null>(null);
  const [picked, setPicked] = useState<AdminPointsUserResponse | null>(null);
  const [busy, setBusy] = useState(false);

  if (!units.length) return <Empty message='没有权限' description='只有管理员可以调整积分' />;

  const handleSearch = async () => {
    if (!q.trim()) return;
    setBusy(true);
    try {
      setFound(await findPointsUsers(q.trim()));
      setPicked(null);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  const open = async (id: number) => {
    try {
      setPicked(await fetchPointsUser(id));
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <View>
      <View className='card'>
        <Text className='card__title'>查找居民</Text>
        <Input id='points-user-q' className='input' value={q} maxlength={40} placeholder='用户编号或昵称' onInput={(e) => setQ(e.detail.value)} onConfirm={handleSearch} />
        <Text className='field__hint'>昵称只查找在您辖区内有积分记录或身份的用户；用户编号在居民的“我的积分”页。</Text>
        <Button id='points-user-search' className={`btn points-line${busy ? ' btn--disabled' : ''}`} disabled={busy} onClick={handleSearch}>
          查找
        </Button>
      </View>
      {found && found.length === 0 && <Empty message='没有找到用户' />}
      {found && !picked && (
        <View className='cells' id='points-users'>
          {found.map((u) => (
            <View key={u.userId} id={`points-user-${u.userId}`} className='cell cell--link' onClick={() => void open(u.userId)}>
              <Text className='cell__label'>
                {u.nickname}（编号 {u.userId}）
              </Text>
              <Text className='cell__value'>{u.balance} 分</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          ))}
        </View>
      )}
      {picked && <UserPanel user={picked} units={units} onChanged={setPicked} />}
    </View>
  );
}

function UserPanel({ user, units, onChanged }: { user: AdminPointsUserResponse; units: { id: number; name: string }[]; onChanged: (u: AdminPointsUserResponse) => void }) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [unitId, setUnitId] = useState(units[0].id);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const key = useRef<string | null>(null);

  const handleAdjust = async () => {
    const parsed = safeParseZh(adjustmentSchema, { userId: user.userId, amount: amount.trim() === '' ? undefined : Number(amount), reason, unitId, clientKey: key.current ?? newClientKey() });
    if (!parsed.success) {
      setErrors(parsed.fields);
      return;
    }
    setErrors({});
    const n = parsed.data.amount;
    if (!(await confirm('确认调整', `${n > 0 ? '增加' : '扣减'} ${user.nickname} ${Math.abs(n)} 积分？原因将记入操作日志。`, '确认'))) return;
    key.current = parsed.data.clientKey;
    setBusy(true);
    try {
      await adjustPoints(parsed.data);
      key.current = null;
      setAmount('');
      setReason('');
      toastOk('已调整');
      onChanged(await fetchPointsUser(user.userId));
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View id='points-user-panel'>
      <View className='card'>
        <Text className='card__title'>
          {user.nickname}（编号 {user.userId}）
        </Text>
        <Text id='points-user-balance' className='points-balance'>
          {user.balance}
        </Text>
        {IS_H5 && (
          <Button id='points-statement-export' className='btn btn--plain points-line' onClick={() => void downloadStatementCsv(user.userId).catch(toastError)}>
            导出对账单（CSV）
          </Button>
        )}
      </View>
      <View className='card points-form'>
        <Text className='card__title'>手动调整</Text>
        <View className={`field${errors.amount ? ' field--invalid' : ''}`}>
          <Text className='field__label'>调整积分（负数为扣减）</Text>
          <Input id='points-adjust-amount' className='input' type='text' value={amount} placeholder='例如 20 或 -10' onInput={(e) => setAmount(e.detail.value)} />
          {errors.amount && <Text className='field__error'>{errors.amount}</Text>}
        </View>
        <View className={`field${errors.reason ? ' field--invalid' : ''}`}>
          <Text className='field__label'>原因（必填，记入操作日志）</Text>
          <Textarea id='points-adjust-reason' className='textarea' value={reason} maxlength={200} autoHeight onInput={(e) => setReason(e.detail.value)} />
          {errors.reason && <Text className='field__error'>{errors.reason}</Text>}
        </View>
        {units.length > 1 && (
          <View className='field'>
            <Text className='field__label'>记入辖区</Text>
            <View className='row'>
              {units.map((u) => (
                <Button key={u.id} className={`btn btn--inline ${unitId === u.id ? '' : 'btn--plain'}`} onClick={() => setUnitId(u.id)}>
                  {u.name}
                </Button>
              ))}
            </View>
          </View>
        )}
        <Button id='points-adjust-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleAdjust}>
          确认调整
        </Button>
      </View>
      <Text className='section-title'>最近 50 条</Text>
      {user.entries.map((e) => (
        <View key={e.id} className='card points-entry'>
          <View className='row row--between'>
            <Text className='card__title grow'>{e.reason}</Text>
            <Text className={`points-amount ${e.amount >= 0 ? 'points-amount--plus' : 'points-amount--minus'}`}>{signed(e.amount)}</Text>
          </View>
          <Text className='muted points-line'>
            {formatDateTime(e.createdAt)} · 余额 {e.balanceAfter}
            {e.reversed ? ' · 已冲正' : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}

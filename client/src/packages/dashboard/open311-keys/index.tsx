import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { createOpen311KeySchema, safeParseZh, type Open311ApiKeyResponse } from '@linli/shared';
import { useState } from 'react';
import { createOpen311Key, fetchOpen311Keys, revokeOpen311Key } from '../../../api/figures';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import UnitPicker, { type PickedUnit } from '../../../components/UnitPicker';
import { API_ORIGIN } from '../../../constants/env';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { canReadAuditLog } from '../../../utils/roles';
import './index.scss';

/**
 * 开放数据接口: admins issue Open311 GeoReport v2 API keys to 311 apps and aggregators (requests they
 * submit are entered in the key's unit) and revoke them. A key is shown once, right after it is issued.
 */
export default function Open311KeysPage() {
  return (
    <PageWrapper className='open311-keys'>
      <LoginGate>
        <Open311Keys />
      </LoginGate>
    </PageWrapper>
  );
}

function Open311Keys() {
  const { user, token } = useSession();
  const enabled = canReadAuditLog(user);
  const keys = useRequest(fetchOpen311Keys, [token], { enabled });
  const [name, setName] = useState('');
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);

  if (!enabled) return <Empty message='没有权限' description='只有辖区管理员可以管理开放接口密钥' />;

  const issue = async () => {
    const parsed = safeParseZh(createOpen311KeySchema, { name, unitId: unit?.id });
    if (!parsed.success) {
      setFields(parsed.fields);
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const res = await createOpen311Key(parsed.data);
      setIssued(res.key);
      setName('');
      await keys.reload();
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (k: Open311ApiKeyResponse) => {
    if (!(await confirm('停用密钥', `停用后「${k.name}」将无法再提交上报，且不能恢复。确定停用吗？`, '停用'))) return;
    try {
      await revokeOpen311Key(k.id);
      toastOk('已停用');
      await keys.reload();
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <View>
      <View className='card'>
        <Text className='card__title'>开放数据接口（Open311）</Text>
        <Text className='card__desc'>
          兼容 Open311 GeoReport v2 的应用可读取公开工单（不含敏感类别和上报人信息），持有密钥的接入方还可以提交上报。接口地址：
        </Text>
        <Text selectable className='open311-keys__endpoint' id='open311-endpoint'>
          {API_ORIGIN || (typeof location !== 'undefined' ? location.origin : '')}/api/open311/v2/services.json
        </Text>
      </View>

      <View className='card' id='open311-issue'>
        <Text className='card__title'>签发密钥</Text>
        <View className={`field${fields.name ? ' field--invalid' : ''}`}>
          <Text className='field__label'>接入方名称</Text>
          <Input id='open311-name' className='input' value={name} maxlength={60} placeholder='例如：12345 政务服务平台' onInput={(e) => setName(e.detail.value)} />
          {fields.name && <Text className='field__error'>{fields.name}</Text>}
        </View>
        <View className={`field${fields.unitId ? ' field--invalid' : ''}`}>
          <Text className='field__label'>上报进入的辖区</Text>
          <UnitPicker allowedLevels={['district', 'street']} value={unit} onChange={setUnit} />
          {fields.unitId && <Text className='field__error'>{fields.unitId}</Text>}
        </View>
        <Button id='open311-issue-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={issue}>
          签发
        </Button>
        {issued && (
          <View className='open311-keys__issued' id='open311-issued'>
            <Text className='text-danger'>请立即复制保存，离开本页后无法再次查看：</Text>
            <Text selectable className='open311-keys__key' id='open311-issued-key'>
              {issued}
            </Text>
            <Button className='btn btn--plain btn--inline' onClick={() => Taro.setClipboardData({ data: issued })}>
              复制密钥
            </Button>
          </View>
        )}
      </View>

      <Text className='section-title'>已签发的密钥</Text>
      {keys.loading ? (
        <Loading />
      ) : keys.error ? (
        <ErrorState error={keys.error} onRetry={keys.reload} />
      ) : keys.empty ? (
        <Empty message='还没有签发密钥' />
      ) : (
        <View id='open311-key-list'>
          {(keys.data ?? []).map((k) => (
            <View key={k.id} className='card' id={`open311-key-${k.id}`}>
              <View className='row row--between'>
                <Text className='card__title'>{k.name}</Text>
                <Text className={`tag ${k.revokedAt ? 'tag--neutral' : 'tag--ok'}`}>{k.revokedAt ? '已停用' : '使用中'}</Text>
              </View>
              <Text className='muted open311-keys__line'>
                {k.keyPrefix}… · {k.unit.name}
              </Text>
              <Text className='muted open311-keys__line'>
                签发于 {formatDateTime(k.createdAt)}
                {k.lastUsedAt ? ` · 最近使用 ${formatDateTime(k.lastUsedAt)}` : ' · 尚未使用'}
              </Text>
              {!k.revokedAt && (
                <Button className='btn btn--plain btn--inline' onClick={() => revoke(k)}>
                  停用
                </Button>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

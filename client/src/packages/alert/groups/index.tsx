import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AlertLimits, createGroupSchema, isInviteCode, normalizeInviteCode, safeParseZh } from '@linli/shared';
import { useState } from 'react';
import { createGroup, fetchMyGroups } from '../../../api/alerts';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import UnitPicker, { type PickedUnit } from '../../../components/UnitPicker';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { go } from '../utils';
import '../alert.scss';

export default function GroupsPage() {
  return (
    <PageWrapper className='alert-groups'>
      <LoginGate>
        <Groups />
      </LoginGate>
    </PageWrapper>
  );
}

/**
 * My neighbourhood groups (member, applicant or the one who runs it), joining by invite code, and for
 * community police and admins creating a group for a street, community or grid of their units.
 */
function Groups() {
  const { user, token } = useSession();
  const canCreate = Boolean(user?.roles.some((r) => (r.role === 'community_police' || r.role === 'admin') && r.unit));
  const list = useRequest(fetchMyGroups, [token], { refreshOnShow: true });
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);

  const handleJoin = () => {
    const c = normalizeInviteCode(code);
    if (!isInviteCode(c)) {
      setCodeError(`邀请码是 ${AlertLimits.inviteCodeLength} 位字母或数字`);
      return;
    }
    setCodeError(null);
    void Taro.navigateTo({ url: `${Routes.alertJoin}?code=${c}&via=invite_code` });
  };

  return (
    <View id='groups-page'>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <View id='group-list'>
          {(list.data ?? []).length === 0 && <Text className='section-title'>您还没有加入邻里群。向社区民警要邀请码，或扫描民警的入群码。</Text>}
          {(list.data ?? []).map((g) => (
            <View key={g.id} id={`group-card-${g.id}`} className='card group-card' onClick={go(`${Routes.alertGroup}?id=${g.id}`)}>
              <View className='row row--between'>
                <Text className='card__title'>{g.name}</Text>
                {g.my && <Text className={`tag ${g.my.status === 'active' ? 'tag--ok' : 'tag--pending'}`}>{g.my.status === 'active' ? g.my.roleLabel : g.my.statusLabel}</Text>}
              </View>
              <Text className='muted'>
                {g.unit.name} · {g.memberCount} 位成员 · 民警 {g.officers.map((o) => o.nickname).join('、') || '暂无'}
              </Text>
              {g.pendingCount ? (
                <View className='alert-line'>
                  <Text className='tag tag--pending'>待审核 {g.pendingCount} 人</Text>
                </View>
              ) : null}
            </View>
          ))}
        </View>
      )}

      <View className={`card field${codeError ? ' field--invalid' : ''}`} id='group-join'>
        <Text className='card__title'>用邀请码加入</Text>
        <Input id='group-join-code' className='input' value={code} maxlength={12} placeholder='8 位邀请码' onInput={(e) => setCode(e.detail.value)} />
        {codeError && <Text className='field__error'>{codeError}</Text>}
        <Button id='group-join-go' className='btn alert-line' onClick={handleJoin}>
          查看并申请加入
        </Button>
        <Text className='muted alert-line'>加入需要民警审核。也可以扫描民警出示的小程序码，或打开民警分享的群卡片。</Text>
      </View>

      {canCreate && <CreateGroup onCreated={list.reload} />}
    </View>
  );
}

function CreateGroup({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const handleCreate = async () => {
    const parsed = safeParseZh(createGroupSchema, { name, description: description || undefined, unitId: unit?.id });
    if (!parsed.success) {
      setFields({ ...parsed.fields, ...(unit ? {} : { unitId: '请选择群所在的街道、社区或网格' }) });
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const g = await createGroup(parsed.data);
      toastOk('已建群');
      setOpen(false);
      onCreated();
      void Taro.navigateTo({ url: `${Routes.alertGroup}?id=${g.id}` });
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <Button id='group-create-open' className='btn btn--plain' onClick={() => setOpen(true)}>
        新建邻里群
      </Button>
    );
  }
  return (
    <View className='card' id='group-create'>
      <Text className='card__title'>新建邻里群</Text>
      <View className={`field${fields.name ? ' field--invalid' : ''}`}>
        <Text className='field__label'>群名称</Text>
        <Input id='group-create-name' className='input' value={name} maxlength={AlertLimits.groupNameMax} placeholder='例如：津浦社区平安群' onInput={(e) => setName(e.detail.value)} />
        {fields.name && <Text className='field__error'>{fields.name}</Text>}
      </View>
      <View className='field alert-line'>
        <Text className='field__label'>群简介（选填）</Text>
        <Textarea id='group-create-description' className='textarea' value={description} maxlength={AlertLimits.groupDescriptionMax} onInput={(e) => setDescription(e.detail.value)} />
      </View>
      <View className={`field alert-line${fields.unitId ? ' field--invalid' : ''}`}>
        <Text className='field__label'>所在辖区（街道、社区或网格）</Text>
        <UnitPicker allowedLevels={['street', 'community', 'grid']} value={unit} onChange={setUnit} />
        {fields.unitId && <Text className='field__error'>{fields.unitId}</Text>}
      </View>
      <Button id='group-create-submit' className={`btn alert-line${busy ? ' btn--disabled' : ''}`} disabled={busy} loading={busy} onClick={handleCreate}>
        建群
      </Button>
    </View>
  );
}

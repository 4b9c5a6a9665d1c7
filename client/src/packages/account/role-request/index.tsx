import { Button, Picker, Text, Textarea, View } from '@tarojs/components';
import {
  createRoleRequestSchema,
  REQUESTABLE_ROLES,
  RoleLabelZh,
  RoleUnitLevels,
  safeParseZh,
  UnitLevelLabelZh,
  type DepartmentCode,
  type Role,
  type RoleRequestResponse,
} from '@linli/shared';
import { useEffect, useState } from 'react';
import { createRoleRequest, fetchMe, fetchMyRoleRequests } from '../../../api/me';
import { ApiError } from '../../../api/request';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import UnitPicker, { type PickedUnit } from '../../../components/UnitPicker';
import DepartmentPicker from '../../../components/DepartmentPicker';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { askSubscribe, preloadSubscriptions } from '../../../utils/subscribe';
import { ROLE_REQUEST_STATUS_TAG } from '../../../utils/status';
import './index.scss';


export default function RoleRequestPage() {
  return (
    <PageWrapper className='role-request'>
      <LoginGate>
        <Content />
      </LoginGate>
    </PageWrapper>
  );
}

function Content() {
  const { token } = useSession();
  const list = useRequest(fetchMyRoleRequests, [token]);
  // Template ids for the subscription popup on submit (asked synchronously in the tap).
  useEffect(preloadSubscriptions, [token]);
  return (
    <View>
      <RequestForm
        onCreated={(r) => {
          list.setData([r, ...(list.data ?? [])]);
        }}
      />
      <Text className='section-title'>我的申请记录</Text>
      {list.loading && <Loading />}
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.empty && <Empty message='还没有提交过申请' />}
      {!list.loading && !list.error && list.data?.map((r) => <RequestItem key={r.id} request={r} />)}
    </View>
  );
}

function RequestItem({ request: r }: { request: RoleRequestResponse }) {
  return (
    <View className='card role-request__item' id={`role-request-${r.id}`}>
      <View className='row row--between'>
        <Text className='card__title role-request__title'>{r.roleLabel}</Text>
        <Text className={`tag ${ROLE_REQUEST_STATUS_TAG[r.status] ?? 'tag--neutral'}`}>{r.statusLabel}</Text>
      </View>
      <Text className='role-request__line'>
        辖区：{r.unit.name}（{UnitLevelLabelZh[r.unit.level]}）
      </Text>
      {r.department && <Text className='role-request__line'>部门：{r.department.name}</Text>}
      <Text className='role-request__line muted'>理由：{r.reason}</Text>
      <Text className='role-request__line muted'>提交于 {formatDateTime(r.createdAt)}</Text>
      {r.reviewedAt && <Text className='role-request__line muted'>处理于 {formatDateTime(r.reviewedAt)}</Text>}
      {r.reviewNote && <Text className='role-request__line'>审核意见：{r.reviewNote}</Text>}
    </View>
  );
}

function RequestForm({ onCreated }: { onCreated: (r: RoleRequestResponse) => void }) {
  const [roleIndex, setRoleIndex] = useState<number | null>(null);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [reason, setReason] = useState('');
  const [department, setDepartment] = useState<DepartmentCode | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const role: Role | null = roleIndex === null ? null : REQUESTABLE_ROLES[roleIndex];
  const levels = role ? RoleUnitLevels[role] : [];

  const handleRole = (index: number) => {
    setRoleIndex(index);
    const next = REQUESTABLE_ROLES[index];
    // A unit picked for another role may be of a level this role cannot take.
    if (unit && !RoleUnitLevels[next].includes(unit.level)) setUnit(null);
    setErrors({});
  };

  const handleSubmit = async () => {
    const parsed = safeParseZh(createRoleRequestSchema, { role: role ?? undefined, unitId: unit?.id, reason, department: role === 'department_handler' ? department ?? undefined : undefined });
    if (!parsed.success) {
      setErrors(unit ? parsed.fields : { ...parsed.fields, unitId: '请选择辖区' });
      return;
    }
    // Before any await: WeChat shows the subscription popup only inside the tap itself.
    void askSubscribe(['role_request_reviewed']);
    setBusy(true);
    try {
      const created = await createRoleRequest(parsed.data);
      setErrors({});
      setReason('');
      setUnit(null);
      setRoleIndex(null);
      setDepartment(null);
      toastOk('已提交，请等待审核');
      onCreated(created);
      void fetchMe().catch(() => undefined);
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) setErrors(e.fields);
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card' id='role-request-form'>
      <Text className='card__title'>申请新身份</Text>
      <Text className='card__desc role-request__intro'>所有用户默认是居民。楼栋长、商户、网格员等身份需要辖区管理员审核通过后生效。</Text>

      <View className={`field${errors.role ? ' field--invalid' : ''}`}>
        <Text className='field__label'>申请的身份</Text>
        <Picker mode='selector' range={REQUESTABLE_ROLES.map((r) => RoleLabelZh[r])} value={roleIndex ?? 0} onChange={(e) => handleRole(Number(e.detail.value))}>
          <View id='role-request-role' className='input role-request__picker'>
            <Text className={role ? '' : 'muted'}>{role ? RoleLabelZh[role] : '请选择身份'}</Text>
            <Text className='cell__arrow'>›</Text>
          </View>
        </Picker>
        {errors.role && <Text className='field__error'>{errors.role}</Text>}
      </View>

      <View className={`field${errors.unitId ? ' field--invalid' : ''}`}>
        <Text className='field__label'>所在辖区</Text>
        {role ? (
          <UnitPicker key={role} allowedLevels={levels} value={unit} onChange={setUnit} />
        ) : (
          <Text className='muted'>请先选择身份</Text>
        )}
        {errors.unitId && <Text className='field__error'>{errors.unitId}</Text>}
      </View>

      {role === 'department_handler' && <DepartmentPicker id='role-request-department' value={department} onChange={setDepartment} error={errors.department} />}

      <View className={`field${errors.reason ? ' field--invalid' : ''}`}>
        <Text className='field__label'>申请理由</Text>
        <Textarea
          id='role-request-reason'
          className='textarea'
          value={reason}
          maxlength={200}
          autoHeight
          placeholder='例如：我是 3 号楼的住户，愿意协助社区联系本楼居民'
          onInput={(e) => setReason(e.detail.value)}
        />
        {errors.reason ? <Text className='field__error'>{errors.reason}</Text> : <Text className='field__hint'>{reason.length}/200</Text>}
      </View>

      <Button id='role-request-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleSubmit}>
        提交申请
      </Button>
    </View>
  );
}

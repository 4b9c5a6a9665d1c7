import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { addDays, createRotaSchema, mondayOf, safeParseZh, type UnitTreeNode } from '@linli/shared';
import { useState } from 'react';
import { createRota, fetchManagedRotas, fetchShopQueue, reviewShop } from '../../../api/rota';
import { fetchUnitChildren } from '../../../api/units';
import Checkbox from '../../../components/Checkbox';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { beijingToday } from '../common';
import '../rota.scss';

/** The officer's rota desk: my rotas, a new rota over grids of my area, shops waiting for review. */
export default function ManagePage() {
  return (
    <PageWrapper className='rota-manage'>
      <LoginGate>
        <Manage />
      </LoginGate>
    </PageWrapper>
  );
}

function managerUnits(user: ReturnType<typeof useSession>['user']) {
  return (user?.roles ?? []).filter((r) => (r.role === 'community_police' || r.role === 'admin') && r.unit).map((r) => r.unit!);
}

function Manage() {
  const { user, token } = useSession();
  const units = managerUnits(user);
  const rotas = useRequest(fetchManagedRotas, [token], { enabled: units.length > 0, refreshOnShow: true });
  const [creating, setCreating] = useState(false);
  if (!units.length) return <Empty message='没有权限' description='社区民警和管理员可以在这里创建和管理轮值表' />;
  if (rotas.loading) return <Loading />;
  if (rotas.error) return <ErrorState error={rotas.error} onRetry={rotas.reload} />;
  return (
    <View>
      <Text className='section-title'>我管理的轮值表</Text>
      {(rotas.data ?? []).length === 0 && <Empty message='还没有轮值表' />}
      <View className='cells' id='rota-managed-list'>
        {(rotas.data ?? []).map((r) => (
          <View key={r.id} id={`rota-managed-${r.id}`} className='cell cell--link' onClick={() => Taro.navigateTo({ url: `${Routes.rotaDetail}?id=${r.id}` })}>
            <View className='cell__label'>
              <Text>{r.name}</Text>
              <Text className='muted'>
                {r.unit.name} · {r.memberCount} 家 · 每周 {r.slots} 家 · {r.statusLabel}
              </Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        ))}
      </View>
      {creating ? (
        <CreateForm onCreated={(id) => Taro.navigateTo({ url: `${Routes.rotaDetail}?id=${id}` })} />
      ) : (
        <Button id='rota-create-open' className='btn' onClick={() => setCreating(true)}>
          新建轮值表
        </Button>
      )}
      <ShopQueue />
    </View>
  );
}

function CreateForm({ onCreated }: { onCreated: (id: number) => void }) {
  const { user } = useSession();
  const units = managerUnits(user);
  const [unitIdx, setUnitIdx] = useState(0);
  const unit = units[unitIdx];
  const depth = unit?.level === 'community' ? 1 : unit?.level === 'street' ? 2 : 3;
  const tree = useRequest(() => fetchUnitChildren(unit.id, depth), [unit?.id], { enabled: Boolean(unit), isEmpty: () => false });
  const grids: Array<{ id: number; name: string }> = [];
  const walk = (nodes: UnitTreeNode[], prefix: string) => {
    for (const n of nodes) {
      if (n.level === 'grid') grids.push({ id: n.id, name: `${prefix}${n.name}` });
      else walk(n.children ?? [], depth > 1 ? `${n.name} · ` : prefix);
    }
  };
  walk(tree.data ?? [], '');
  const [picked, setPicked] = useState<number[] | null>(null);
  const chosen = picked ?? grids.map((g) => g.id);
  const nextMonday = addDays(mondayOf(beijingToday()), 7);
  const [form, setForm] = useState({ name: '', startDate: nextMonday, slots: '1', weeksAhead: '12', checkinsRequired: '3' });
  const [enrolAll, setEnrolAll] = useState(true);
  const [autoApprove, setAutoApprove] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { detail: { value: string } }) => setForm((f) => ({ ...f, [k]: e.detail.value }));

  const submit = async () => {
    const body = {
      name: form.name,
      gridIds: chosen,
      startDate: form.startDate,
      slots: Number(form.slots),
      weeksAhead: Number(form.weeksAhead),
      checkinsRequired: Number(form.checkinsRequired),
      autoApprove,
      enrolAllInArea: enrolAll,
    };
    const parsed = safeParseZh(createRotaSchema, body);
    if (!parsed.success) {
      setErrors(parsed.fields);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await createRota(body);
      toastOk(`已创建，${r.memberCount} 家参与`);
      onCreated(r.id);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const field = (k: keyof typeof form, label: string, type: 'text' | 'number' = 'text') => (
    <View className={`field${errors[k] ? ' field--invalid' : ''}`}>
      <Text className='field__label'>{label}</Text>
      <Input id={`rota-create-${k}`} className='input' type={type} value={form[k]} onInput={set(k)} />
      {errors[k] && <Text className='field__error'>{errors[k]}</Text>}
    </View>
  );
  return (
    <View className='card' id='rota-create-form'>
      <Text className='card__title'>新建轮值表</Text>
      {field('name', '名称（如：津浦路商户轮值）')}
      {units.length > 1 && (
        <View className='row'>
          {units.map((u, i) => (
            <Text key={u.id} className={`tag ${i === unitIdx ? 'tag--accent' : 'tag--neutral'}`} onClick={() => (setUnitIdx(i), setPicked(null))}>
              {u.name}
            </Text>
          ))}
        </View>
      )}
      <Text className='field__label'>值守区域（网格）</Text>
      {tree.loading ? (
        <Loading />
      ) : (
        grids.map((g) => (
          <Checkbox key={g.id} id={`rota-create-grid-${g.id}`} checked={chosen.includes(g.id)} onChange={(on) => setPicked(on ? [...chosen, g.id] : chosen.filter((x) => x !== g.id))}>
            <Text>{g.name}</Text>
          </Checkbox>
        ))
      )}
      {errors.gridIds && <Text className='field__error'>{errors.gridIds}</Text>}
      {field('startDate', '开始日期（星期一）')}
      {field('slots', '每周值守商户数（1 或 2）', 'number')}
      {field('weeksAhead', '提前发布周数', 'number')}
      {field('checkinsRequired', '每周完成所需打卡次数', 'number')}
      <Checkbox id='rota-create-enrol-all' checked={enrolAll} onChange={setEnrolAll}>
        <Text>区域内已审核的商户全部加入</Text>
      </Checkbox>
      <Checkbox id='rota-create-auto-approve' checked={autoApprove} onChange={setAutoApprove}>
        <Text>换班、免值守申请自动批准</Text>
      </Checkbox>
      <Button id='rota-create-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={submit}>
        创建并排班
      </Button>
    </View>
  );
}

function ShopQueue() {
  const { token } = useSession();
  const q = useRequest(fetchShopQueue, [token], { refreshOnShow: true });
  if (q.loading || q.error || !(q.data ?? []).length) return null;
  const review = (id: number, approve: boolean) =>
    reviewShop(id, approve ? { approve } : { approve, note: '信息不完整，请补充后重新登记' }).then(() => {
      toastOk(approve ? '已通过' : '已驳回');
      return q.reload();
    }, toastError);
  return (
    <View>
      <Text className='section-title'>待审核的商户</Text>
      {(q.data ?? []).map((p) => (
        <View key={p.id} className='card' id={`rota-shop-review-${p.id}`}>
          <Text className='card__title'>{p.name}</Text>
          <Text className='muted'>
            {p.address} · {p.unit.name} · {p.phone}
          </Text>
          <View className='btn-group'>
            <Button className='btn' onClick={() => review(p.id, true)}>
              通过
            </Button>
            <Button className='btn btn--danger-plain' onClick={() => review(p.id, false)}>
              驳回
            </Button>
          </View>
        </View>
      ))}
    </View>
  );
}

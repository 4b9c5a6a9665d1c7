import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { rewardInputSchema, safeParseZh } from '@linli/shared';
import { useState } from 'react';
import { createReward, offerReward } from '../../../api/points';
import Empty from '../../../components/Empty';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import UnitPicker, { type PickedUnit } from '../../../components/UnitPicker';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { adminUnits, shopUnits } from '../helpers';
import '../points.scss';

export default function RewardEditPage() {
  return (
    <PageWrapper className='points-reward-edit'>
      <LoginGate>
        <RewardForm />
      </LoginGate>
    </PageWrapper>
  );
}

/** Today (device time zone) shifted by `days`, as YYYY-MM-DD. */
function dayText(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

interface Form {
  title: string;
  description: string;
  cost: string;
  stock: string;
  perUserLimit: string;
  validFrom: string;
  validUntil: string;
  pickupPlace: string;
  providerName: string;
}

function RewardForm() {
  const { params } = useRouter();
  const { user } = useSession();
  const shops = shopUnits(user);
  const admins = adminUnits(user);
  // A shop owner offers (reviewed by an admin); an admin creates a community-centre reward.
  const mode: 'shop' | 'admin' = params.mode === 'admin' && admins.length ? 'admin' : shops.length ? 'shop' : 'admin';
  const [shopUnitId, setShopUnitId] = useState<number | null>(shops[0]?.id ?? null);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [form, setForm] = useState<Form>({
    title: '',
    description: '',
    cost: '',
    stock: '',
    perUserLimit: '1',
    validFrom: dayText(0),
    validUntil: dayText(30),
    pickupPlace: '',
    providerName: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  if (mode === 'admin' && !admins.length) return <Empty message='没有权限' description='商户和管理员可以提供奖品' />;

  const set = (k: keyof Form) => (e: { detail: { value: string | number } }) => setForm((f) => ({ ...f, [k]: String(e.detail.value) }));
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

  const handleSubmit = async () => {
    const input = {
      title: form.title,
      description: form.description || undefined,
      cost: num(form.cost),
      stock: num(form.stock),
      perUserLimit: num(form.perUserLimit),
      validFrom: form.validFrom,
      validUntil: form.validUntil,
      pickupPlace: form.pickupPlace,
      providerName: form.providerName || undefined,
      unitId: mode === 'admin' ? unit?.id : shopUnitId ?? undefined,
    };
    const parsed = safeParseZh(rewardInputSchema, input);
    const fieldErrors = parsed.success ? {} : { ...parsed.fields };
    if (mode === 'admin' && !unit) fieldErrors.unitId = '请选择提供奖品的社区或街道';
    setErrors(fieldErrors);
    if (!parsed.success || Object.keys(fieldErrors).length) return;
    setBusy(true);
    try {
      if (mode === 'admin') await createReward(parsed.data);
      else await offerReward(parsed.data);
      toastOk(mode === 'admin' ? '奖品已上架' : '已提交，等待社区审核');
      setTimeout(() => void Taro.navigateBack(), 800);
    } catch (e) {
      const fields = (e as { fields?: Record<string, string> }).fields;
      if (fields && Object.keys(fields).length) setErrors(fields);
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const field = (k: keyof Form, label: string, opts: { type?: 'text' | 'number'; placeholder?: string; hint?: string } = {}) => (
    <View className={`field${errors[k] ? ' field--invalid' : ''}`}>
      <Text className='field__label'>{label}</Text>
      <Input id={`reward-${k}`} className='input' type={opts.type ?? 'text'} value={form[k]} placeholder={opts.placeholder} onInput={set(k)} />
      {opts.hint && <Text className='field__hint'>{opts.hint}</Text>}
      {errors[k] && <Text className='field__error'>{errors[k]}</Text>}
    </View>
  );

  return (
    <View className='points-form'>
      <Text className='section-title'>
        {mode === 'admin' ? '新建社区服务中心奖品（保存后直接上架，记入操作日志）' : '提供奖品（经社区管理员审核后上架）'}
      </Text>
      <View className='card'>
        {field('title', '奖品名称', { placeholder: '例如 环保购物袋' })}
        <View className={`field${errors.description ? ' field--invalid' : ''}`}>
          <Text className='field__label'>说明（选填）</Text>
          <Textarea id='reward-description' className='textarea' value={form.description} maxlength={500} autoHeight onInput={set('description')} />
          {errors.description && <Text className='field__error'>{errors.description}</Text>}
        </View>
        <View className='points-grid'>
          {field('cost', '所需积分', { type: 'number' })}
          {field('stock', '库存（件）', { type: 'number' })}
          {field('perUserLimit', '每人限兑', { type: 'number' })}
        </View>
        <View className='points-grid points-line'>
          <View className={`field${errors.validFrom ? ' field--invalid' : ''}`}>
            <Text className='field__label'>开始日期</Text>
            <Picker mode='date' value={form.validFrom} onChange={set('validFrom')}>
              <View id='reward-validFrom' className='input'>
                {form.validFrom}
              </View>
            </Picker>
            {errors.validFrom && <Text className='field__error'>{errors.validFrom}</Text>}
          </View>
          <View className={`field${errors.validUntil ? ' field--invalid' : ''}`}>
            <Text className='field__label'>截止日期（含当天）</Text>
            <Picker mode='date' value={form.validUntil} onChange={set('validUntil')}>
              <View id='reward-validUntil' className='input'>
                {form.validUntil}
              </View>
            </Picker>
            {errors.validUntil && <Text className='field__error'>{errors.validUntil}</Text>}
          </View>
        </View>
        {field('pickupPlace', '领取地点', { placeholder: '例如 津浦社区服务中心一楼' })}
        {field('providerName', '提供方名称（选填）', { hint: mode === 'admin' ? '默认为所选社区或街道的名称' : '默认为“您的昵称 + 的店”' })}
        {mode === 'admin' ? (
          <View className={`field${errors.unitId ? ' field--invalid' : ''}`}>
            <Text className='field__label'>提供奖品的社区或街道</Text>
            <UnitPicker allowedLevels={['community', 'street']} value={unit} onChange={setUnit} />
            {errors.unitId && <Text className='field__error'>{errors.unitId}</Text>}
          </View>
        ) : (
          shops.length > 1 && (
            <View className='field'>
              <Text className='field__label'>店铺所在辖区</Text>
              <View className='row'>
                {shops.map((s) => (
                  <Button key={s.id} className={`btn btn--inline ${shopUnitId === s.id ? '' : 'btn--plain'}`} onClick={() => setShopUnitId(s.id)}>
                    {s.name}
                  </Button>
                ))}
              </View>
            </View>
          )
        )}
      </View>
      <Button id='reward-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleSubmit}>
        {mode === 'admin' ? '保存并上架' : '提交审核'}
      </Button>
    </View>
  );
}

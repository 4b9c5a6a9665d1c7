import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { registerShopSchema, safeParseZh, type ParticipantResponse } from '@linli/shared';
import { useState } from 'react';
import { addStaff, fetchMyParticipants, fetchRotas, joinRota, registerShop, updateParticipant } from '../../../api/rota';
import Checkbox from '../../../components/Checkbox';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { IS_WEAPP } from '../../../constants/env';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { wgs84ToGcj02 } from '../../../utils/coords';
import { toastError, toastOk } from '../../../utils/feedback';
import '../rota.scss';

/** My shops and volunteer profile: register a shop, publish the phone or not, add staff, volunteer. */
export default function ShopPage() {
  return (
    <PageWrapper className='rota-shop'>
      <LoginGate>
        <Shops />
      </LoginGate>
    </PageWrapper>
  );
}

function Shops() {
  const { token } = useSession();
  const mine = useRequest(fetchMyParticipants, [token], { refreshOnShow: true });
  if (mine.loading) return <Loading />;
  if (mine.error) return <ErrorState error={mine.error} onRetry={mine.reload} />;
  return (
    <View>
      {(mine.data ?? []).map((p) => (
        <ShopCard key={p.id} p={p} onChanged={mine.reload} />
      ))}
      <RegisterForm onDone={mine.reload} />
      <Volunteer onDone={mine.reload} />
    </View>
  );
}

function ShopCard({ p, onChanged }: { p: ParticipantResponse; onChanged: () => Promise<void> }) {
  const [phone, setPhone] = useState('');
  const owner = p.myRole === 'owner';
  const act = (work: Promise<unknown>, ok: string) =>
    work.then(() => {
      toastOk(ok);
      return onChanged();
    }, toastError);
  return (
    <View className='card' id={`rota-participant-${p.id}`}>
      <View className='row row--between'>
        <Text className='card__title'>{p.name}</Text>
        <Text className={`tag ${p.status === 'approved' ? 'tag--ok' : p.status === 'pending' ? 'tag--pending' : 'tag--bad'}`}>{p.statusLabel}</Text>
      </View>
      <Text className='muted'>
        {p.kindLabel}
        {p.address ? ` · ${p.address}` : ''} · {p.unit.name} · 营业：{p.openingDaysLabel}
      </Text>
      <Text className='muted'>联系电话：{p.phone ?? '未填写'}</Text>
      {p.reviewNote && <Text className='muted'>审核意见：{p.reviewNote}</Text>}
      <Text className='muted'>
        轮值：{p.memberships.length ? p.memberships.map((m) => `${m.rotaName}（${m.statusLabel}）`).join('、') : '尚未加入'}
      </Text>
      <Text className='muted'>人员：{p.people.map((x) => `${x.nickname}（${x.roleLabel}）`).join('、')}</Text>
      {owner && (
        <View>
          <Checkbox checked={p.phonePublic} onChange={(v) => act(updateParticipant(p.id, { phonePublic: v }), v ? '将公开完整号码' : '将隐藏号码中间四位')}>
            <Text>在公开的轮值表上显示完整电话（不勾选则显示为 138****1234）</Text>
          </Checkbox>
          {p.kind === 'shop' && (
            <View className='field'>
              <Text className='field__label'>添加店员（对方在邻里绑定的手机号）</Text>
              <View className='row'>
                <Input className='input grow' type='number' value={phone} maxlength={11} onInput={(e) => setPhone(e.detail.value)} placeholder='11 位手机号' />
                <Button className='btn btn--plain btn--inline' onClick={() => act(addStaff(p.id, { phone }), '已添加店员')}>
                  添加
                </Button>
              </View>
            </View>
          )}
        </View>
      )}
      {p.status === 'approved' && (
        <Button className='btn btn--plain' onClick={() => Taro.navigateTo({ url: Routes.rotaMyDuty })}>
          查看我的值守
        </Button>
      )}
    </View>
  );
}

function RegisterForm({ onDone }: { onDone: () => Promise<void> }) {
  const [form, setForm] = useState({ name: '', address: '', phone: '', lng: '', lat: '' });
  const [phonePublic, setPhonePublic] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { detail: { value: string } }) => setForm((f) => ({ ...f, [k]: e.detail.value }));

  const useHere = async () => {
    try {
      const r = IS_WEAPP ? await Taro.getLocation({ type: 'gcj02' }) : await Taro.getLocation({ type: 'wgs84' });
      const p = IS_WEAPP ? { lng: r.longitude, lat: r.latitude } : wgs84ToGcj02(r.longitude, r.latitude);
      setForm((f) => ({ ...f, lng: p.lng.toFixed(6), lat: p.lat.toFixed(6) }));
    } catch {
      toastError(new Error('无法获取位置'));
    }
  };

  const submit = async () => {
    const parsed = safeParseZh(registerShopSchema, { ...form, lng: form.lng || undefined, lat: form.lat || undefined, phonePublic });
    if (!parsed.success) {
      setErrors(parsed.fields);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await registerShop(parsed.data);
      toastOk('已提交，等待社区民警审核');
      setForm({ name: '', address: '', phone: '', lng: '', lat: '' });
      await onDone();
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const field = (k: keyof typeof form, label: string, placeholder: string) => (
    <View className={`field${errors[k] ? ' field--invalid' : ''}`}>
      <Text className='field__label'>{label}</Text>
      <Input id={`rota-shop-${k}`} className='input' value={form[k]} placeholder={placeholder} onInput={set(k)} />
      {errors[k] && <Text className='field__error'>{errors[k]}</Text>}
    </View>
  );
  return (
    <View className='card' id='rota-shop-form'>
      <Text className='card__title'>登记商户</Text>
      <Text className='card__desc'>登记后由所在社区的民警或社区管理员审核，通过后即可加入街面轮值轮防。</Text>
      {field('name', '店名', '例如：李记便民超市')}
      {field('address', '地址', '例如：津浦路 12 号')}
      {field('phone', '联系电话', '11 位手机号')}
      <View className='row'>
        {field('lng', '经度', '118.6')}
        {field('lat', '纬度', '32.1')}
      </View>
      <Button className='btn btn--plain' onClick={useHere}>
        使用当前位置
      </Button>
      <Checkbox checked={phonePublic} onChange={setPhonePublic}>
        <Text>同意在公开的轮值表上显示完整电话</Text>
      </Checkbox>
      <Button id='rota-shop-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={submit}>
        提交审核
      </Button>
    </View>
  );
}

function Volunteer({ onDone }: { onDone: () => Promise<void> }) {
  const rotas = useRequest(() => fetchRotas(), []);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  if (rotas.loading || !(rotas.data ?? []).length) return null;
  const volunteer = async (rotaId: number) => {
    setBusy(rotaId);
    try {
      await joinRota(rotaId, { volunteer: { name, phone, phonePublic: false } });
      toastOk('已报名，等待民警审核');
      await onDone();
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <View className='card' id='rota-volunteer'>
      <Text className='card__title'>报名志愿者</Text>
      <Text className='card__desc'>居民也可以报名参加街面值守（联勤巡夜队），由民警审核。</Text>
      <View className='field'>
        <Text className='field__label'>称呼</Text>
        <Input className='input' value={name} placeholder='例如：王阿姨' onInput={(e) => setName(e.detail.value)} />
      </View>
      <View className='field'>
        <Text className='field__label'>联系电话</Text>
        <Input className='input' type='number' value={phone} maxlength={11} onInput={(e) => setPhone(e.detail.value)} />
      </View>
      {(rotas.data ?? []).map((r) => (
        <View key={r.id} className='rota-list-item row row--between'>
          <Text className='grow'>
            {r.name} · {r.unit.name}
          </Text>
          <Button className='btn btn--plain btn--inline' loading={busy === r.id} disabled={busy !== null} onClick={() => volunteer(r.id)}>
            报名
          </Button>
        </View>
      ))}
    </View>
  );
}

import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { locateQuerySchema, safeParseZh, type LocateResponse } from '@linli/shared';
import { useState } from 'react';
import { errorMessage } from '../../../api/request';
import { locate } from '../../../api/units';
import PageWrapper from '../../../components/PageWrapper';
import { IS_WEAPP } from '../../../constants/env';
import { lastPlaceStore } from '../../../stores/settings';
import { wgs84ToGcj02 } from '../../../utils/coords';
import { formatDistance } from '../../../utils/format';
import { isPrivacyDenied } from '../../../utils/privacy';
import './index.scss';

type Problem =
  | { kind: 'denied' } // scope.userLocation refused: offer openSetting
  | { kind: 'privacy' } // privacy agreement declined
  | { kind: 'system' } // phone location service off
  | { kind: 'other'; message: string };

interface Located {
  result: LocateResponse;
  lng: number;
  lat: number;
  source: string;
}

function classify(err: unknown): Problem {
  const msg = (err as { errMsg?: string; message?: string } | null)?.errMsg ?? (err as Error | null)?.message ?? '';
  if (isPrivacyDenied(err)) return { kind: 'privacy' };
  if (/auth deny|auth denied|authorize no response|permission denied|user denied/i.test(msg)) return { kind: 'denied' };
  if (/system permission|LOCATIONSWITCHOFF|location service/i.test(msg)) return { kind: 'system' };
  if (/frequent/i.test(msg)) return { kind: 'other', message: '定位太频繁，请 30 秒后再试，或在地图上选点' };
  return { kind: 'other', message: '暂时无法获取位置，请在地图上选点或手动输入经纬度' };
}

export default function Locate() {
  const [busy, setBusy] = useState<'gps' | 'map' | 'manual' | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [located, setLocated] = useState<Located | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lng, setLng] = useState('');
  const [lat, setLat] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const lookup = async (p: { lng: number; lat: number }, source: string) => {
    setError(null);
    try {
      const result = await locate(p.lng, p.lat);
      setLocated({ result, lng: p.lng, lat: p.lat, source });
      lastPlaceStore.set({ result, lng: p.lng, lat: p.lat, at: new Date().toISOString() });
    } catch (e) {
      setLocated(null);
      setError(errorMessage(e));
    }
  };

  const handleCurrent = async () => {
    setBusy('gps');
    setProblem(null);
    try {
      if (IS_WEAPP) {
        const res = await Taro.getLocation({ type: 'gcj02' });
        await lookup({ lng: res.longitude, lat: res.latitude }, '当前位置');
      } else {
        // Browsers only give WGS-84; convert before asking the server.
        const res = await Taro.getLocation({ type: 'wgs84' });
        await lookup(wgs84ToGcj02(res.longitude, res.latitude), '当前位置（浏览器定位）');
      }
    } catch (e) {
      setProblem(classify(e));
    } finally {
      setBusy(null);
    }
  };

  const handleChoose = async () => {
    setBusy('map');
    try {
      const res = await Taro.chooseLocation({});
      await lookup({ lng: res.longitude, lat: res.latitude }, res.name || res.address || '地图选点');
      setProblem(null);
    } catch (e) {
      const msg = (e as { errMsg?: string })?.errMsg ?? '';
      if (!/cancel/i.test(msg)) setProblem(classify(e));
    } finally {
      setBusy(null);
    }
  };

  const handleOpenSetting = async () => {
    try {
      const res = await Taro.openSetting({});
      if (res.authSetting['scope.userLocation']) {
        setProblem(null);
        await handleCurrent();
      }
    } catch {
      // user closed the settings page
    }
  };

  const handleManual = async () => {
    const parsed = safeParseZh(locateQuerySchema, { lng: lng.trim() || undefined, lat: lat.trim() || undefined });
    if (!parsed.success) {
      setFieldErrors(parsed.fields);
      return;
    }
    setFieldErrors({});
    setBusy('manual');
    await lookup(parsed.data, '手动输入的坐标');
    setBusy(null);
  };

  return (
    <PageWrapper className='locate'>
      <View className='card'>
        <Text className='card__title'>查询所在辖区</Text>
        <Text className='card__desc'>查看一个位置属于哪个网格、社区和街道。位置只用于这次查询，服务器不保存。</Text>
        <View className='btn-group'>
          <Button id='locate-current' className={`btn${busy !== null ? ' btn--disabled' : ''}`} loading={busy === 'gps'} disabled={busy !== null} onClick={handleCurrent}>
            使用当前位置
          </Button>
          {IS_WEAPP && (
            <Button id='locate-choose' className={`btn btn--plain${busy !== null ? ' btn--disabled' : ''}`} loading={busy === 'map'} disabled={busy !== null} onClick={handleChoose}>
              在地图上选点
            </Button>
          )}
        </View>
      </View>

      {problem && (
        <View className='card locate__problem' id='locate-problem' role='alert'>
          {problem.kind === 'denied' && (
            <View>
              <Text className='card__title'>未获得位置权限</Text>
              <Text className='card__desc'>
                {IS_WEAPP ? '您可以在设置中允许邻里使用位置信息，也可以在地图上选点或手动输入经纬度。' : '请在浏览器设置中允许本网站获取位置，或手动输入经纬度。'}
              </Text>
              {IS_WEAPP && (
                <Button id='locate-open-setting' className='btn locate__setting' onClick={handleOpenSetting}>
                  去设置开启
                </Button>
              )}
            </View>
          )}
          {problem.kind === 'privacy' && (
            <View>
              <Text className='card__title'>需要同意隐私保护指引</Text>
              <Text className='card__desc'>您没有同意隐私保护指引，因此无法获取位置。可以再次点击“使用当前位置”查看并同意，或手动输入经纬度。</Text>
            </View>
          )}
          {problem.kind === 'system' && (
            <View>
              <Text className='card__title'>手机定位服务未开启</Text>
              <Text className='card__desc'>请在手机系统设置中打开定位服务，并允许微信使用位置，然后重试；也可以在地图上选点或手动输入经纬度。</Text>
            </View>
          )}
          {problem.kind === 'other' && <Text className='card__desc'>{problem.message}</Text>}
        </View>
      )}

      <View className='card'>
        <Text className='card__title'>手动输入经纬度</Text>
        <Text className='card__desc locate__hint'>GCJ-02 坐标（腾讯地图、高德地图使用的坐标），例如经度 118.8，纬度 31.95。</Text>
        <View className='locate__inputs'>
          <View className={`field locate__field${fieldErrors.lng ? ' field--invalid' : ''}`}>
            <Text className='field__label'>经度</Text>
            <Input id='locate-lng' className='input' type='digit' value={lng} placeholder='118.8' onInput={(e) => setLng(e.detail.value)} />
            {fieldErrors.lng && <Text className='field__error'>{fieldErrors.lng}</Text>}
          </View>
          <View className={`field locate__field${fieldErrors.lat ? ' field--invalid' : ''}`}>
            <Text className='field__label'>纬度</Text>
            <Input id='locate-lat' className='input' type='digit' value={lat} placeholder='31.95' onInput={(e) => setLat(e.detail.value)} />
            {fieldErrors.lat && <Text className='field__error'>{fieldErrors.lat}</Text>}
          </View>
        </View>
        <Button id='locate-submit' className={`btn btn--plain${busy !== null ? ' btn--disabled' : ''}`} loading={busy === 'manual'} disabled={busy !== null} onClick={handleManual}>
          查询
        </Button>
      </View>

      {error && (
        <View className='card' role='alert'>
          <Text className='text-danger'>{error}</Text>
        </View>
      )}
      {located && <Result located={located} />}
    </PageWrapper>
  );
}

function Result({ located }: { located: Located }) {
  const r = located.result;
  return (
    <View className='card locate__result' id='locate-result' data-inside={r.inside ? 'true' : 'false'}>
      <Text className='muted'>
        {located.source}：{located.lng.toFixed(6)}, {located.lat.toFixed(6)}
      </Text>
      {r.inside && r.grid ? (
        <View>
          <View className='row locate__headline'>
            <Text className='tag tag--ok'>在服务辖区内</Text>
          </View>
          <Line label='网格' value={r.grid.name} strong />
          <Line label='社区' value={r.community?.name} />
          <Line label='街道' value={r.street?.name} />
          <Line label='区' value={r.district?.name} />
        </View>
      ) : (
        <View>
          <View className='row locate__headline'>
            <Text className='tag tag--bad'>不在服务辖区内</Text>
          </View>
          <Text className='locate__outside' id='locate-outside'>
            {r.nearest ? `不在服务辖区内，最近的网格是${r.nearest.name}（${formatDistance(r.nearest.distanceMeters)}）` : '不在服务辖区内，附近没有已开通的网格。'}
          </Text>
        </View>
      )}
    </View>
  );
}

function Line({ label, value, strong }: { label: string; value: string | null | undefined; strong?: boolean }) {
  return (
    <View className='locate__line'>
      <Text className='locate__label'>{label}</Text>
      <Text className={strong ? 'locate__value locate__value--strong' : 'locate__value'}>{value ?? '—'}</Text>
    </View>
  );
}

import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { LocateResponse, LocationMode, TicketLocationInput } from '@linli/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/request';
import { fetchUnit, locate } from '../../api/units';
import { IS_WEAPP } from '../../constants/env';
import { wgs84ToGcj02 } from '../../utils/coords';
import { formatDistance } from '../../utils/format';
import { isPrivacyDenied } from '../../utils/privacy';
import UnitPicker, { type PickedUnit } from '../UnitPicker';
import { pointInside } from './geo';
import './index.scss';

/** How the place was given. */
export type LocationHow = 'gps' | 'map' | 'address' | 'link' | 'nearest';

/**
 * A place for a report: a GCJ-02 point, a readable address and the units it falls in. With mode
 * `address` the grid routes the ticket (`gridId`) and the point is only a spot inside that grid (for
 * the duplicate search and the display); it is not sent.
 */
export interface PickedLocation {
  mode: LocationMode;
  lng: number;
  lat: number;
  address: string;
  gridId: number | null;
  how: LocationHow;
  place: LocateResponse;
}

/** What the API takes (ticketLocationSchema). */
export function toLocationInput(loc: PickedLocation): TicketLocationInput {
  const address = loc.address.trim() || undefined;
  if (loc.mode === 'address') return { mode: 'address', address, gridId: loc.gridId ?? undefined };
  return { mode: loc.mode, lat: loc.lat, lng: loc.lng, address };
}

const HOW_LABEL: Record<LocationHow, string> = {
  gps: '当前位置',
  map: '地图选点',
  address: '手动填写的地址',
  link: '巡查位置',
  nearest: '最近的网格',
};

/** Resolves a point to its grid, community and street (GET /units/locate). */
export async function resolvePoint(lng: number, lat: number, how: LocationHow, address = ''): Promise<PickedLocation> {
  const place = await locate(lng, lat);
  return { mode: how === 'map' ? 'map' : 'gps', lng, lat, address, gridId: null, how, place };
}

/** A typed address in a known grid: a spot inside the grid stands for the point. */
async function resolveGrid(gridId: number, how: LocationHow, address: string): Promise<PickedLocation> {
  const p = await pointInGrid(gridId);
  const place = await locate(p.lng, p.lat);
  return { mode: 'address', lng: p.lng, lat: p.lat, address, gridId, how, place };
}

/** A point inside the given grid (typed address, or moving an outside point to the nearest grid). */
async function pointInGrid(gridId: number): Promise<{ lng: number; lat: number }> {
  const unit = await fetchUnit(gridId);
  const p = unit.polygon ? pointInside(unit.polygon) : null;
  if (!p) throw new Error('该网格尚未导入边界，请换一种方式选择位置');
  return p;
}

function locationProblem(err: unknown): string {
  const msg = (err as { errMsg?: string; message?: string } | null)?.errMsg ?? (err as Error | null)?.message ?? '';
  if (isPrivacyDenied(err)) return '您没有同意隐私保护指引，因此无法获取位置。可以再次点击查看并同意，或在地图上选点、手动填写地址。';
  if (/auth deny|auth denied|authorize no response|permission denied|user denied/i.test(msg)) {
    return IS_WEAPP ? '未获得位置权限。可以在设置中允许邻里使用位置，或在地图上选点、手动填写地址。' : '浏览器未允许获取位置。请在浏览器设置中允许，或手动填写地址。';
  }
  if (/system permission|LOCATIONSWITCHOFF|location service/i.test(msg)) return '手机定位服务未开启。请在系统设置中打开定位，或在地图上选点、手动填写地址。';
  if (/frequent/i.test(msg)) return '定位太频繁，请 30 秒后再试，或在地图上选点。';
  return '暂时无法获取位置，请在地图上选点或手动填写地址。';
}

interface Props {
  value: PickedLocation | null;
  onChange: (value: PickedLocation | null) => void;
  /** Prefix of element ids (default `location`). */
  id?: string;
  /** Error shown under the picker (from the form's validation). */
  error?: string;
}

/**
 * Where the problem is: the current position (getLocation, gcj02; browsers give wgs84, converted), a
 * point picked on the map (chooseLocation, mini-program), or a typed address with the grid it lies in
 * (no geocoding service: the point is placed inside that grid). The place is resolved to grid,
 * community and street at once; outside every grid the nearest grid is offered.
 */
export default function LocationPicker({ value, onChange, id = 'location', error }: Props) {
  const [busy, setBusy] = useState<'gps' | 'map' | 'address' | 'nearest' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [typing, setTyping] = useState(value?.how === 'address');
  const [typedAddress, setTypedAddress] = useState(value?.how === 'address' ? value.address : '');
  const [grid, setGrid] = useState<PickedUnit | null>(null);
  const [denied, setDenied] = useState(false);

  const settle = async (what: NonNullable<typeof busy>, run: () => Promise<PickedLocation | null>) => {
    setBusy(what);
    setProblem(null);
    try {
      const next = await run();
      if (next) onChange(next);
    } catch (e) {
      setProblem(e instanceof Error && !(e as { errMsg?: string }).errMsg && e.name !== 'ApiError' ? e.message : errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const handleCurrent = () => {
    setTyping(false);
    setBusy('gps');
    setProblem(null);
    setDenied(false);
    const get = IS_WEAPP ? Taro.getLocation({ type: 'gcj02' }) : Taro.getLocation({ type: 'wgs84' });
    get.then(
      (res) => {
        const p = IS_WEAPP ? { lng: res.longitude, lat: res.latitude } : wgs84ToGcj02(res.longitude, res.latitude);
        void settle('gps', () => resolvePoint(Number(p.lng.toFixed(6)), Number(p.lat.toFixed(6)), 'gps', value?.how === 'gps' ? value.address : ''));
      },
      (err) => {
        setBusy(null);
        setProblem(locationProblem(err));
        setDenied(/auth den|permission denied|user denied/i.test((err as { errMsg?: string })?.errMsg ?? ''));
      },
    );
  };

  const handleMap = () => {
    setTyping(false);
    setBusy('map');
    setProblem(null);
    const current = value ? { latitude: value.lat, longitude: value.lng } : {};
    Taro.chooseLocation(current).then(
      (res) => void settle('map', () => resolvePoint(Number(res.longitude.toFixed(6)), Number(res.latitude.toFixed(6)), 'map', [res.address, res.name].filter(Boolean).join(' '))),
      (err) => {
        setBusy(null);
        if (!/cancel/i.test((err as { errMsg?: string })?.errMsg ?? '')) setProblem(locationProblem(err));
      },
    );
  };

  const handleOpenSetting = async () => {
    try {
      const res = await Taro.openSetting({});
      if (res.authSetting['scope.userLocation']) handleCurrent();
    } catch {
      // the user closed the settings page
    }
  };

  const handleTyped = () => {
    const address = typedAddress.trim();
    if (address.length < 2) {
      setProblem('请填写问题所在的地址，例如：泰山街道津浦路 12 号门口');
      return;
    }
    if (!grid) {
      setProblem('请选择地址所在的网格（不清楚时选择所在社区下的任一网格，调度员会核实）');
      return;
    }
    void settle('address', () => resolveGrid(grid.id, 'address', address));
  };

  const handleNearest = () => {
    const nearest = value?.place.nearest;
    if (!value || !nearest) return;
    void settle('nearest', () => resolveGrid(nearest.id, 'nearest', value.address));
  };

  const place = value?.place;
  const disabled = busy !== null;
  return (
    <View className='location-picker' id={id}>
      <View className='btn-group location-picker__ways'>
        <Button id={`${id}-current`} className={`btn${disabled ? ' btn--disabled' : ''}`} loading={busy === 'gps'} disabled={disabled} onClick={handleCurrent}>
          使用当前位置
        </Button>
        {IS_WEAPP && (
          <Button id={`${id}-map`} className={`btn btn--plain${disabled ? ' btn--disabled' : ''}`} loading={busy === 'map'} disabled={disabled} onClick={handleMap}>
            在地图上选点
          </Button>
        )}
        <Button
          id={`${id}-type`}
          className={`btn btn--plain${disabled ? ' btn--disabled' : ''}`}
          disabled={disabled}
          onClick={() => {
            setTyping(true);
            setProblem(null);
          }}
        >
          手动填写地址
        </Button>
      </View>

      {typing && (
        <View className='location-picker__typed' id={`${id}-typed`}>
          <View className='field'>
            <Text className='field__label'>详细地址</Text>
            <Input
              id={`${id}-address`}
              className='input'
              value={typedAddress}
              maxlength={100}
              placeholder='例如：津浦路 12 号小区北门'
              onInput={(e) => setTypedAddress(e.detail.value)}
            />
          </View>
          <View className='field'>
            <Text className='field__label'>所在网格</Text>
            <UnitPicker allowedLevels={['grid']} value={grid} onChange={setGrid} />
          </View>
          <Button id={`${id}-typed-confirm`} className={`btn btn--plain${disabled ? ' btn--disabled' : ''}`} loading={busy === 'address'} disabled={disabled} onClick={handleTyped}>
            确认地址
          </Button>
        </View>
      )}

      {problem && (
        <View className='location-picker__problem' id={`${id}-problem`} role='alert'>
          <Text>{problem}</Text>
          {denied && IS_WEAPP && (
            <Button className='btn btn--plain btn--inline location-picker__setting' onClick={handleOpenSetting}>
              去设置开启
            </Button>
          )}
        </View>
      )}

      {value && place && (
        <View className={`location-picker__result${place.inside ? '' : ' location-picker__result--outside'}`} id={`${id}-result`} data-inside={place.inside ? 'true' : 'false'}>
          <Text className='muted'>
            {HOW_LABEL[value.how]}：{value.mode === 'address' ? value.address || '（请填写详细地址）' : `${value.lng.toFixed(5)}, ${value.lat.toFixed(5)}`}
          </Text>
          {place.inside && place.grid ? (
            <View>
              <Text className='location-picker__grid' id={`${id}-grid`}>
                {place.grid.name}
              </Text>
              <Text className='muted location-picker__path'>{[place.community?.name, place.street?.name, place.district?.name].filter(Boolean).join(' · ')}</Text>
            </View>
          ) : (
            <View id={`${id}-outside`}>
              <Text className='location-picker__outside'>
                {place.nearest
                  ? `这个位置不在任何网格内。最近的网格是「${place.nearest.name}」（${formatDistance(place.nearest.distanceMeters)}）。`
                  : '这个位置不在任何网格内，附近也没有已开通的网格，暂时无法上报。'}
              </Text>
              {place.nearest && (
                <Button id={`${id}-nearest`} className={`btn btn--plain location-picker__nearest${disabled ? ' btn--disabled' : ''}`} loading={busy === 'nearest'} disabled={disabled} onClick={handleNearest}>
                  改报给「{place.nearest.name}」
                </Button>
              )}
            </View>
          )}
          {value.how !== 'address' && (
            <View className='field location-picker__detail'>
              <Text className='field__label'>{value.mode === 'address' ? '详细地址（必填）' : '位置说明（选填）'}</Text>
              <Input
                id={`${id}-detail`}
                className='input'
                value={value.address}
                maxlength={100}
                placeholder='例如：3 栋楼下、公交站旁'
                onInput={(e) => onChange({ ...value, address: e.detail.value })}
              />
            </View>
          )}
        </View>
      )}
      {error && <Text className='field__error'>{error}</Text>}
    </View>
  );
}

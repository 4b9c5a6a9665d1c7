import { Button, Image, Map, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { TicketLimits, type BoardItem } from '@linli/shared';
import { useState } from 'react';
import { fetchBoard } from '../../../api/figures';
import { absoluteMediaUrl } from '../../../api/media';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import PageWrapper from '../../../components/PageWrapper';
import { IS_WEAPP } from '../../../constants/env';
import { useRequest } from '../../../hooks/useRequest';
import { lastPlaceStore } from '../../../stores/settings';
import { wgs84ToGcj02 } from '../../../utils/coords';
import { toastError } from '../../../utils/feedback';
import { formatDateTime, formatDistance } from '../../../utils/format';
import './index.scss';

/** Where the board looks when the user has not located themselves yet: the demo grid (泰山街道). */
const DEFAULT_CENTRE = { lat: 32.2429, lng: 118.456338, label: '默认位置（泰山街道）' };

const RADII = [500, 1000, 2000, 5000];
const GROUPS: Array<{ key: '' | 'open' | 'closed'; label: string }> = [
  { key: '', label: '全部' },
  { key: 'open', label: '办理中' },
  { key: 'closed', label: '已办结' },
];

/**
 * 身边的事: public, non-sensitive tickets near the user, nearest first: a list everywhere and a map with
 * markers in the mini-program. Nobody's identity is shown (the API does not even send it); open to
 * everyone, signed in or not.
 */
export default function BoardPage() {
  const last = lastPlaceStore.get();
  const [centre, setCentre] = useState(last ? { lat: last.lat, lng: last.lng, label: '上次查询的位置' } : DEFAULT_CENTRE);
  const [radius, setRadius] = useState<number>(TicketLimits.boardRadiusDefault);
  const [group, setGroup] = useState<(typeof GROUPS)[number]['key']>('');
  const [locating, setLocating] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [mapFailed, setMapFailed] = useState(false);
  const board = useRequest(() => fetchBoard({ lat: centre.lat, lng: centre.lng, radius, ...(group ? { group } : {}) }), [centre.lat, centre.lng, radius, group], {
    isEmpty: (d) => d.items.length === 0,
  });

  const locate = async () => {
    setLocating(true);
    try {
      if (IS_WEAPP) {
        const res = await Taro.getLocation({ type: 'gcj02' });
        setCentre({ lat: res.latitude, lng: res.longitude, label: '当前位置' });
      } else {
        const res = await Taro.getLocation({ type: 'wgs84' });
        setCentre({ ...wgs84ToGcj02(res.longitude, res.latitude), label: '当前位置（浏览器定位）' });
      }
    } catch (e) {
      const msg = (e as { errMsg?: string })?.errMsg ?? '';
      if (/auth|deny|denied/i.test(msg)) void Taro.showToast({ title: '未获得定位权限，可在设置中开启', icon: 'none' });
      else toastError(e);
    } finally {
      setLocating(false);
    }
  };

  const choose = async () => {
    try {
      const res = await Taro.chooseLocation({});
      setCentre({ lat: res.latitude, lng: res.longitude, label: res.name || res.address || '地图选点' });
    } catch (e) {
      const msg = (e as { errMsg?: string })?.errMsg ?? '';
      if (!/cancel/i.test(msg)) toastError(e);
    }
  };

  const items = board.data?.items ?? [];
  return (
    <PageWrapper className='board'>
      <View className='card' id='board-where'>
        <Text className='card__title'>身边的事</Text>
        <Text className='muted board__where' id='board-centre'>
          {centre.label} · {formatDistance(radius)}以内 · 近 90 天
        </Text>
        <View className='btn-group'>
          <Button id='board-locate' className={`btn btn--plain btn--inline${locating ? ' btn--disabled' : ''}`} loading={locating} disabled={locating} onClick={locate}>
            定位到我
          </Button>
          {IS_WEAPP && (
            <Button id='board-choose' className='btn btn--plain btn--inline' onClick={choose}>
              地图选点
            </Button>
          )}
        </View>
        <View className='board__tabs'>
          {RADII.map((r) => (
            <Text key={r} id={`board-radius-${r}`} className={`board__tab${radius === r ? ' board__tab--on' : ''}`} onClick={() => setRadius(r)}>
              {r >= 1000 ? `${r / 1000} 公里` : `${r} 米`}
            </Text>
          ))}
        </View>
        <View className='board__tabs'>
          {GROUPS.map((g) => (
            <Text key={g.key || 'all'} id={`board-group-${g.key || 'all'}`} className={`board__tab${group === g.key ? ' board__tab--on' : ''}`} onClick={() => setGroup(g.key)}>
              {g.label}
            </Text>
          ))}
        </View>
        <Text className='muted board__note'>只显示非敏感类别的问题，不显示上报人信息。</Text>
      </View>

      {IS_WEAPP && !mapFailed && (
        <Map
          id='board-map'
          className='board__map'
          latitude={centre.lat}
          longitude={centre.lng}
          scale={radius <= 500 ? 16 : radius <= 1000 ? 15 : radius <= 2000 ? 14 : 13}
          showLocation
          markers={items.map((it) => ({
            id: it.id,
            latitude: it.lat,
            longitude: it.lng,
            title: it.category.name,
            width: 24,
            height: 32,
            callout: { content: `${it.category.name} · ${it.statusLabel}`, display: selected === it.id ? 'ALWAYS' : 'BYCLICK', padding: 6, borderRadius: 4, fontSize: 12, color: '#1f2328', bgColor: '#ffffff' },
          })) as never}
          onMarkerTap={(e) => setSelected(Number((e.detail as { markerId?: number }).markerId))}
          onError={() => setMapFailed(true)}
        />
      )}

      {board.loading ? (
        <Loading />
      ) : board.error ? (
        <ErrorState error={board.error} onRetry={board.reload} />
      ) : board.empty ? (
        <Empty message='附近暂时没有公开的问题' description='换个位置或扩大范围看看' />
      ) : (
        <View id='board-list'>
          {items.map((it) => (
            <BoardRow key={it.id} item={it} selected={selected === it.id} onTap={() => setSelected(it.id)} />
          ))}
        </View>
      )}
    </PageWrapper>
  );
}

function BoardRow({ item, selected, onTap }: { item: BoardItem; selected: boolean; onTap: () => void }) {
  const closed = item.status === 'closed' || item.status === 'rated';
  return (
    <View id={`board-item-${item.id}`} className={`card board-item${selected ? ' board-item--selected' : ''}`} onClick={onTap}>
      <View className='row'>
        {item.thumbUrl && <Image className='board-item__thumb' src={absoluteMediaUrl(item.thumbUrl)} mode='aspectFill' />}
        <View className='grow'>
          <View className='row row--between'>
            <Text className='board-item__title'>{item.category.name}</Text>
            <Text className={`tag ${closed ? 'tag--ok' : 'tag--pending'}`}>{item.statusLabel}</Text>
          </View>
          <Text className='board-item__excerpt'>{item.excerpt}</Text>
          <Text className='muted board-item__meta'>
            {[item.communityName, item.address, formatDistance(item.distanceMeters)].filter(Boolean).join(' · ')}
          </Text>
          <Text className='muted board-item__meta'>
            {formatDateTime(item.createdAt)} 上报{item.number ? ` · ${item.number}` : ''}
            {item.coReporterCount > 0 ? ` · ${item.coReporterCount} 人也遇到` : ''}
          </Text>
        </View>
      </View>
    </View>
  );
}

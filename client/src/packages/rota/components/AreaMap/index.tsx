import { Map } from '@tarojs/components';
import type { AreaGrid, LngLat } from '@linli/shared';

interface Props {
  grids: AreaGrid[];
  centre: LngLat | null;
  me?: LngLat | null;
}

/** The watch area on WeChat's map: the grids as polygons (GCJ-02, as the map expects). */
export default function AreaMap({ grids, centre, me }: Props) {
  if (!centre) return null;
  const polygons = grids
    .filter((g) => g.polygon && g.polygon[0])
    .map((g) => ({
      points: g.polygon![0].map(([lng, lat]) => ({ longitude: lng, latitude: lat })),
      strokeWidth: 2,
      strokeColor: '#1a73e8',
      fillColor: '#1a73e822',
      zIndex: 1,
    }));
  const markers = me ? [{ id: 1, longitude: me[0], latitude: me[1], width: 24, height: 32, title: '我的位置', iconPath: '' }] : [];
  return (
    <Map
      id='rota-area-map'
      className='rota-map'
      longitude={centre[0]}
      latitude={centre[1]}
      scale={15}
      polygons={polygons as never}
      markers={markers as never}
      showLocation
      onError={() => undefined}
    />
  );
}

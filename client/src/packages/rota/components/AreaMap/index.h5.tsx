import { View } from '@tarojs/components';
import type { AreaGrid, LngLat } from '@linli/shared';

interface Props {
  grids: AreaGrid[];
  centre: LngLat | null;
  me?: LngLat | null;
}

/**
 * The watch area in the browser: the grids' outlines drawn as SVG (no map tiles in H5, which has no
 * WeChat map component), north up, with the last check-in position.
 */
export default function AreaMap({ grids, centre, me }: Props) {
  const rings = grids.map((g) => g.polygon?.[0] ?? []).filter((r) => r.length);
  if (!centre || !rings.length) return null;
  const pts = rings.flat();
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const w = 300;
  const h = Math.max(120, Math.min(300, (w * (maxY - minY)) / Math.max(1e-9, (maxX - minX) * Math.cos((centre[1] * Math.PI) / 180))));
  const px = (p: LngLat) => `${(((p[0] - minX) / Math.max(1e-9, maxX - minX)) * (w - 20) + 10).toFixed(1)},${(((maxY - p[1]) / Math.max(1e-9, maxY - minY)) * (h - 20) + 10).toFixed(1)}`;
  return (
    <View className='rota-map' id='rota-area-map'>
      <svg viewBox={`0 0 ${w} ${h}`} width='100%' height='100%' role='img' aria-label='值守区域示意图'>
        {rings.map((r, i) => (
          <polygon key={i} points={r.map(px).join(' ')} fill='#1a73e822' stroke='#1a73e8' strokeWidth='2' />
        ))}
        {me && <circle cx={px(me).split(',')[0]} cy={px(me).split(',')[1]} r='6' fill='#d93025' />}
      </svg>
    </View>
  );
}

import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';
import './index.scss';

interface Props {
  /** What the code carries, e.g. `LINLI:1234567890` (upper case, digits and `:` fit QR's alphanumeric mode). */
  text: string;
  /** Side of one module in design px (750-wide). */
  moduleSize?: number;
}

/** Design px (750-wide) -> rpx on weapp, rem on H5. */
const px = (n: number) => Taro.pxTransform(n);

/** Runs of dark modules per row: [start column, length]. */
export function qrRows(text: string): { size: number; rows: Array<Array<[number, number]>> } {
  const qr = qrcode(0, 'M');
  qr.addData(text, /^[0-9A-Z $%*+\-./:]*$/.test(text) ? 'Alphanumeric' : 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  const rows: Array<Array<[number, number]>> = [];
  for (let r = 0; r < size; r++) {
    const runs: Array<[number, number]> = [];
    let c = 0;
    while (c < size) {
      if (!qr.isDark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && qr.isDark(r, c)) c++;
      runs.push([start, c - start]);
    }
    rows.push(runs);
  }
  return { size, rows };
}

/**
 * A QR code drawn with plain views (absolutely placed runs of dark modules), so it renders the same in
 * the mini-program and in H5 without a canvas. The matrix comes from qrcode-generator (MIT, no
 * dependencies); a 4-module quiet zone surrounds it as scanners need.
 */
export default function QrCode({ text, moduleSize = 12 }: Props) {
  const { size, rows } = useMemo(() => qrRows(text), [text]);
  const quiet = 4;
  const side = (size + quiet * 2) * moduleSize;
  return (
    <View className='qr' style={{ width: px(side), height: px(side) }} aria-label='兑换二维码'>
      {rows.map((runs, r) =>
        runs.map(([c, len]) => (
          <View
            key={`${r}-${c}`}
            className='qr__run'
            style={{
              left: px((c + quiet) * moduleSize),
              top: px((r + quiet) * moduleSize),
              width: px(len * moduleSize),
              height: px(moduleSize),
            }}
          />
        )),
      )}
    </View>
  );
}

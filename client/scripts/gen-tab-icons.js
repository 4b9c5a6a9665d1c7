/**
 * Generates the four tab-bar icons (home / me, normal / active) as tiny PNGs, without dependencies.
 * Run once: node scripts/gen-tab-icons.js. Output is committed under src/assets/tab/.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = 54;
const SS = 4; // supersampling for smooth edges

function crc32(buf) {
  let c;
  const table = [];
  for (let n = 0; n < 256; n++) {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(inside, [r, g, b]) {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0;
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) if (inside((x + (sx + 0.5) / SS) / SIZE, (y + (sy + 0.5) / SS) / SIZE)) hits++;
      const o = y * (SIZE * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round((255 * hits) / (SS * SS));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Unit-square shapes.
const home = (x, y) => {
  const roof = y >= 0.12 && y <= 0.5 && Math.abs(x - 0.5) <= (y - 0.12) * 1.1;
  const body = y > 0.46 && y <= 0.88 && x >= 0.22 && x <= 0.78;
  const door = y > 0.62 && y <= 0.88 && x >= 0.43 && x <= 0.57;
  return (roof || body) && !door;
};
const me = (x, y) => {
  const head = (x - 0.5) ** 2 + (y - 0.32) ** 2 <= 0.17 ** 2;
  const body = y >= 0.58 && y <= 0.9 && ((x - 0.5) / 0.34) ** 2 + ((y - 0.9) / 0.32) ** 2 <= 1;
  return head || body;
};

const out = path.join(__dirname, '..', 'src', 'assets', 'tab');
fs.mkdirSync(out, { recursive: true });
const grey = [0x5f, 0x63, 0x68];
const blue = [0x1a, 0x73, 0xe8];
fs.writeFileSync(path.join(out, 'home.png'), png(home, grey));
fs.writeFileSync(path.join(out, 'home-active.png'), png(home, blue));
fs.writeFileSync(path.join(out, 'me.png'), png(me, grey));
fs.writeFileSync(path.join(out, 'me-active.png'), png(me, blue));
console.log('written to', out);

import {
  NOTIFICATION_TEMPLATE_KEYS,
  NOTIFICATION_TEMPLATES,
  type WechatValueType,
} from '../constants/notification';
import {
  findInvalidWechatValue,
  formatWechatDate,
  formatWechatTime,
  isValidWechatValue,
  NotificationRenderError,
  notificationPage,
  renderNotification,
  toWechatValue,
  truncateWithEllipsis,
} from './notification';

/** A plausible value per type, to render every template. */
const SAMPLE: Record<WechatValueType, string | number | Date> = {
  thing: '小区东门路灯不亮已经三天了，晚上出行很不方便，请尽快处理',
  number: 120,
  letter: 'ABC',
  symbol: '★',
  character_string: 'T2026112300017',
  time: new Date('2026-11-23T01:05:00Z'),
  date: new Date('2026-11-23T01:05:00Z'),
  amount: 12.5,
  phone_number: '138-1234-5678',
  car_number: '苏A12345',
  name: '王阿姨',
  phrase: '已受理',
};

describe('notification templates', () => {
  it('has one template per event, each with a Chinese title, a description, a page and typed fields', () => {
    expect(NOTIFICATION_TEMPLATE_KEYS).toEqual([
      'ticket_filed',
      'ticket_refused',
      'ticket_handled',
      'ticket_closed',
      'ticket_assigned',
      'duty_week_reminder',
      'swap_request',
      'police_alert',
      'tip_answered',
      'redemption_ready',
      'role_request_reviewed',
    ]);
    for (const key of NOTIFICATION_TEMPLATE_KEYS) {
      const def = NOTIFICATION_TEMPLATES[key];
      expect(def.key).toBe(key);
      expect(def.title).toMatch(/[\u4e00-\u9fff]/);
      expect(def.description.length).toBeGreaterThan(5);
      expect(def.page).toMatch(/^packages\/[a-z-]+\/[a-z-]+\/index/);
      expect(def.fields.length).toBeGreaterThan(1);
      expect(def.fields.length).toBeLessThanOrEqual(5);
      for (const field of def.fields) expect(field.key).toMatch(new RegExp(`^${field.type}\\d+$`));
      expect(new Set(def.fields.map((x) => x.key)).size).toBe(def.fields.length);
    }
  });

  it('renders every template into values WeChat accepts', () => {
    for (const key of NOTIFICATION_TEMPLATE_KEYS) {
      const vars = Object.fromEntries(NOTIFICATION_TEMPLATES[key].fields.map((x) => [x.var, SAMPLE[x.type]]));
      const r = renderNotification(key, vars, '42');
      expect(findInvalidWechatValue(r.data)).toBeNull();
      expect(r.title).toBe(NOTIFICATION_TEMPLATES[key].title);
      expect(r.body.split('\n')).toHaveLength(NOTIFICATION_TEMPLATES[key].fields.length);
    }
  });

  it('renders role_request_reviewed: truncated WeChat values, full inbox body, page', () => {
    const r = renderNotification(
      'role_request_reviewed',
      { role: '商户', unit: '津浦社区居委会', result: '通过', note: '欢迎加入，请按时参加每周的轮值轮防并遵守社区公约', time: '2026-11-23T16:30:00Z' },
      '7',
    );
    expect(r.page).toBe('packages/account/role-request/index');
    expect(r.data).toEqual({
      thing1: { value: '商户' },
      thing2: { value: '津浦社区居委会' },
      phrase3: { value: '通过' },
      thing4: { value: '欢迎加入，请按时参加每周的轮值轮防并遵…' },
      time5: { value: '2026年11月24日 00:30' },
    });
    expect(Array.from(r.data.thing4.value)).toHaveLength(20);
    expect(r.body).toBe(
      '申请身份：商户\n所属辖区：津浦社区居委会\n审核结果：通过\n审核说明：欢迎加入，请按时参加每周的轮值轮防并遵守社区公约\n审核时间：2026年11月24日 00:30',
    );
  });

  it('fills {ref} in pages, URL-encoded', () => {
    expect(notificationPage('ticket_filed', '12')).toBe('packages/ticket/detail/index?id=12');
    expect(notificationPage('ticket_filed', 'a&b')).toBe('packages/ticket/detail/index?id=a%26b');
  });

  it('rejects values that cannot be made valid, naming the variable', () => {
    expect(() => renderNotification('ticket_filed', { ticketNo: 'T1', summary: 'x', status: 'ok', time: new Date() }, '1')).toThrow(
      new NotificationRenderError('status', 'a phrase needs Chinese characters'),
    );
    expect(() => toWechatValue('time', 'time', 'yesterday')).toThrow(NotificationRenderError);
    expect(() => toWechatValue('points', 'number', '12a')).toThrow(/points/);
    expect(() => toWechatValue('no', 'character_string', '工单')).toThrow(/no/);
    expect(() => toWechatValue('amount', 'amount', 12345678901)).toThrow(/amount/);
  });
});

describe('WeChat value limits', () => {
  it('thing: at most 20 characters, cut with an ellipsis; newlines and emoji removed; empty becomes 无', () => {
    const long = '一二三四五六七八九十一二三四五六七八九十一';
    expect(toWechatValue('x', 'thing', long)).toBe('一二三四五六七八九十一二三四五六七八九…');
    expect(toWechatValue('x', 'thing', long.slice(0, 20))).toBe(long.slice(0, 20));
    expect(toWechatValue('x', 'thing', '路灯\n坏了😀 ')).toBe('路灯 坏了');
    expect(toWechatValue('x', 'thing', '   ')).toBe('无');
    expect(toWechatValue('x', 'thing', null)).toBe('无');
    expect(isValidWechatValue('thing', long)).toBe(false);
  });

  it('phrase: at most 5 Chinese characters, nothing else', () => {
    expect(toWechatValue('x', 'phrase', '审核通过啦了吧')).toBe('审核通过啦');
    expect(toWechatValue('x', 'phrase', 'OK 通过!')).toBe('通过');
    expect(isValidWechatValue('phrase', '通过!')).toBe(false);
    expect(isValidWechatValue('phrase', '审核通过啦了')).toBe(false);
  });

  it('character_string: at most 32 ASCII letters, digits and symbols', () => {
    expect(toWechatValue('x', 'character_string', 'T-2026 11 23/工单#0001')).toBe('T-20261123/#0001');
    expect(toWechatValue('x', 'character_string', 'A'.repeat(40))).toHaveLength(32);
    expect(isValidWechatValue('character_string', 'A'.repeat(33))).toBe(false);
  });

  it('name: 10 Chinese characters or 20 letters, no digits', () => {
    expect(toWechatValue('x', 'name', '欧阳一二三四五六七八九')).toBe('欧阳一二三四五六七八');
    expect(toWechatValue('x', 'name', 'Li Xiaoming the Great Neighbour')).toBe('Li Xiaoming the Grea');
    expect(toWechatValue('x', 'name', '王阿姨88')).toBe('王阿姨');
    expect(toWechatValue('x', 'name', '123')).toBe('邻里用户');
    expect(isValidWechatValue('name', '王阿姨88')).toBe(false);
  });

  it('time and date: YYYY年MM月DD日 HH:mm in China Standard Time', () => {
    const d = new Date('2026-12-31T16:05:09Z');
    expect(formatWechatTime(d)).toBe('2027年01月01日 00:05');
    expect(formatWechatDate(d)).toBe('2027年01月01日');
    expect(toWechatValue('x', 'time', d.getTime())).toBe('2027年01月01日 00:05');
    expect(isValidWechatValue('time', '2027-01-01 00:05')).toBe(false);
  });

  it('number, amount, phone_number, letter, symbol, car_number', () => {
    expect(toWechatValue('x', 'number', 3.5)).toBe('3.5');
    expect(toWechatValue('x', 'amount', '12.5元')).toBe('¥12.50');
    expect(toWechatValue('x', 'phone_number', '+86 138-1234-5678')).toBe('+86138-1234-5678');
    expect(toWechatValue('x', 'letter', 'ab1c')).toBe('abc');
    expect(toWechatValue('x', 'symbol', 'a★☆b')).toBe('★☆');
    expect(toWechatValue('x', 'car_number', '苏 A12345 6')).toBe('苏A123456');
    for (const [type, v] of [['number', '3.5'], ['amount', '¥12.50'], ['letter', 'abc'], ['symbol', '★']] as const) {
      expect(isValidWechatValue(type, v)).toBe(true);
    }
  });

  it('findInvalidWechatValue names the first bad field', () => {
    expect(findInvalidWechatValue({ thing1: { value: 'ok' }, thing2: { value: 'x'.repeat(21) } })).toBe('thing2');
    expect(findInvalidWechatValue({ phrase1: { value: 123 } })).toBe('phrase1');
    expect(findInvalidWechatValue({ unknown1: { value: 'a' } })).toBe('unknown1');
    expect(truncateWithEllipsis('abc', 3)).toBe('abc');
  });
});

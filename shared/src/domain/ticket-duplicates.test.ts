import { TICKET_STATUSES } from '../constants/ticket';
import type { TicketStatus } from '../constants/ticket';
import {
  DuplicateCandidateTicket,
  distanceBetween,
  duplicateSearchBox,
  findDuplicates,
  isDuplicateCandidate,
  joinRefusal,
  priorityAfterJoin,
} from './ticket-duplicates';

const NOW = new Date('2026-11-23T10:00:00Z');
const HOUR = 3_600_000;
// 泰山街道 area. 0.001 degree of latitude is about 111 m.
const P = { lat: 32.0603, lng: 118.6301 };
const rule = { radiusMeters: 100, windowHours: 72 };
const probe = { categoryCode: 'CG-0101', ...P, now: NOW };

const t = (over: Partial<DuplicateCandidateTicket> = {}): DuplicateCandidateTicket => ({
  id: 1,
  categoryCode: 'CG-0101',
  status: 'filed',
  lat: P.lat,
  lng: P.lng,
  createdAt: new Date(NOW.getTime() - HOUR),
  ...over,
});

/** A point `metres` due north of P. */
const north = (metres: number) => ({ lat: P.lat + metres / 111_194.93, lng: P.lng });

describe('duplicate candidates', () => {
  it('same category only', () => {
    expect(isDuplicateCandidate(t(), probe, rule)).toBe(true);
    expect(isDuplicateCandidate(t({ categoryCode: 'CG-0102' }), probe, rule)).toBe(false);
  });

  it('open tickets only', () => {
    const open: TicketStatus[] = ['reported', 'filed', 'dispatched', 'handling', 'returned', 'handled', 'verified'];
    for (const status of TICKET_STATUSES) {
      expect([status, isDuplicateCandidate(t({ status }), probe, rule)]).toEqual([status, open.includes(status)]);
    }
  });

  it('within the radius, inclusive', () => {
    expect(distanceBetween(north(100), P)).toBeCloseTo(100, 3);
    expect(isDuplicateCandidate(t(north(99.9)), probe, rule)).toBe(true);
    expect(isDuplicateCandidate(t(north(100.1)), probe, rule)).toBe(false);
    expect(isDuplicateCandidate(t({ lat: P.lat, lng: P.lng + 0.002 }), probe, rule)).toBe(false); // ~189 m east
  });

  it('within the window, inclusive; never from the future', () => {
    expect(isDuplicateCandidate(t({ createdAt: new Date(NOW.getTime() - 72 * HOUR) }), probe, rule)).toBe(true);
    expect(isDuplicateCandidate(t({ createdAt: new Date(NOW.getTime() - 72 * HOUR - 1) }), probe, rule)).toBe(false);
    expect(isDuplicateCandidate(t({ createdAt: new Date(NOW.getTime() + 1000) }), probe, rule)).toBe(false);
  });

  it('are listed nearest first, then newest, up to the limit', () => {
    const list = [
      t({ id: 1, ...north(80) }),
      t({ id: 2, ...north(10), createdAt: new Date(NOW.getTime() - 5 * HOUR) }),
      t({ id: 3, ...north(10), createdAt: new Date(NOW.getTime() - 2 * HOUR) }),
      t({ id: 4, ...north(500) }),
      t({ id: 5, status: 'closed' }),
    ];
    const found = findDuplicates(list, probe, rule);
    expect(found.map((x) => [x.id, x.distanceMeters])).toEqual([
      [3, 10],
      [2, 10],
      [1, 80],
    ]);
    expect(findDuplicates(list, probe, rule, 1).map((x) => x.id)).toEqual([3]);
  });

  it('search box contains the whole circle', () => {
    for (const lat of [0, 32.06, 60]) {
      const box = duplicateSearchBox(lat, 118.63, 500);
      for (let bearing = 0; bearing < 360; bearing += 15) {
        const b = (bearing * Math.PI) / 180;
        const dLat = (500 * Math.cos(b)) / 111_194.93;
        const dLng = (500 * Math.sin(b)) / (111_194.93 * Math.cos((lat * Math.PI) / 180));
        const p = { lat: lat + dLat, lng: 118.63 + dLng };
        expect(p.lat >= box.minLat && p.lat <= box.maxLat && p.lng >= box.minLng && p.lng <= box.maxLng).toBe(true);
      }
      // ... and is not absurdly large.
      expect((box.maxLat - box.minLat) * 111_194.93).toBeLessThan(1020);
    }
  });
});

describe('joining', () => {
  it('not one own ticket, only open ones', () => {
    expect(joinRefusal({ status: 'filed', reporterId: 7 }, 7)).toBe('own_ticket');
    expect(joinRefusal({ status: 'closed', reporterId: 7 }, 8)).toBe('not_open');
    expect(joinRefusal({ status: 'refused', reporterId: null }, 8)).toBe('not_open');
    expect(joinRefusal({ status: 'handling', reporterId: null }, 8)).toBeNull();
  });
  it('raises priority by one up to 3', () => {
    expect([0, 1, 2, 3].map(priorityAfterJoin)).toEqual([1, 2, 3, 3]);
  });
});

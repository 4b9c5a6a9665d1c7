import fc from 'fast-check';
import { addDays, DateRange, holidayPeriods, periodMondays, periodRange, periodsTouching } from './rota-dates';
import { BusyWeeks, dutyCounts, DutyEntry, planRota, planRotas, PlannedPeriod, RotaMemberInput, RotaPlanInput } from './rota-schedule';

const START = '2026-11-30'; // a Monday

function input(over: Partial<RotaPlanInput> & { members: RotaMemberInput[] }): RotaPlanInput {
  return {
    rotaId: 1,
    startDate: START,
    periodWeeks: 1,
    slots: 1,
    horizon: 20,
    fromIndex: 0,
    exemptions: [],
    skip: [],
    frozen: new Map(),
    pins: [],
    ...over,
  };
}

const members = (n: number, from = 1): RotaMemberInput[] =>
  Array.from({ length: n }, (_, k) => ({ seq: from + k, participantId: 100 + from + k, joinIndex: 0, leaveIndex: null }));

const ids = (p: PlannedPeriod) => p.duties.map((d) => d.participantId);

/** The periods before `upTo` as the server stores them: the frozen part of the next planning. */
function freeze(periods: readonly PlannedPeriod[], upTo: number): Map<number, DutyEntry[]> {
  return new Map(periods.filter((p) => p.index < upTo).map((p) => [p.index, p.duties.map((d) => ({ ...d }))]));
}

const spread = (counts: Iterable<number>) => {
  const xs = [...counts];
  return xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
};

describe('planRota: examples', () => {
  it('rotates one shop a week in enrolment order, Monday to Sunday', () => {
    const plan = planRota(input({ members: members(3), horizon: 6 }));
    expect(plan.periods.map(ids)).toEqual([[101], [102], [103], [101], [102], [103]]);
    expect(plan.periods[0]).toMatchObject({ start: '2026-11-30', end: '2026-12-06', frozen: false, skipped: false, short: false });
  });

  it('puts two shops on at once when the rota says so', () => {
    const plan = planRota(input({ members: members(5), slots: 2, horizon: 5 }));
    expect(plan.periods.map(ids)).toEqual([[101, 102], [103, 104], [105, 101], [102, 103], [104, 105]]);
  });

  it('skips an exempt shop and counts its turn as had: no row of duties when it is back', () => {
    // 102 is away in weeks 1-4 (whole cycles of 3).
    const exemptions = [{ participantId: 102, from: addDays(START, 7), to: addDays(START, 34) }];
    const plan = planRota(input({ members: members(3), horizon: 9, exemptions }));
    expect(plan.periods.map(ids)).toEqual([[101], [103], [101], [103], [101], [102], [103], [101], [102]]);
  });

  it('a shop joining mid-round goes to the end of the round; earlier weeks of others do not move', () => {
    const base = planRota(input({ members: members(3), horizon: 8 }));
    const joined = planRota(input({ members: [...members(3), { seq: 9, participantId: 200, joinIndex: 1, leaveIndex: null }], horizon: 8, fromIndex: 1, frozen: freeze(base.periods, 1) }));
    expect(joined.periods.map(ids)).toEqual([[101], [102], [103], [200], [101], [102], [103], [200]]);
  });

  it('a shop leaving stops being scheduled from the next week on', () => {
    const base = planRota(input({ members: members(3), horizon: 6 }));
    const left = members(3).map((m) => (m.participantId === 102 ? { ...m, leaveIndex: 2 } : m));
    const plan = planRota(input({ members: left, horizon: 6, fromIndex: 2, frozen: freeze(base.periods, 2) }));
    expect(plan.periods.map(ids)).toEqual([[101], [102], [103], [101], [103], [101]]);
  });

  it('holiday weeks have nobody on duty and move nobody', () => {
    const plan = planRota(input({ members: members(3), horizon: 5, skip: [1] }));
    expect(plan.periods.map(ids)).toEqual([[101], [], [102], [103], [101]]);
    expect(plan.periods[1].skipped).toBe(true);
  });

  it('a swap pins both shops to the traded weeks and earns nobody an extra turn', () => {
    const base = planRota(input({ members: members(4), horizon: 8 }));
    expect(base.periods.map(ids)).toEqual([[101], [102], [103], [104], [101], [102], [103], [104]]);
    // In week 0 (started): 102 (week 1) and 104 (week 3) swap.
    const plan = planRota(
      input({
        members: members(4),
        horizon: 8,
        fromIndex: 1,
        frozen: freeze(base.periods, 1),
        pins: [
          { index: 1, participantId: 104 },
          { index: 3, participantId: 102 },
        ],
      }),
    );
    // The round after the swap follows who served when: 104 had the week-1 turn.
    expect(plan.periods.map(ids)).toEqual([[101], [104], [103], [102], [101], [104], [103], [102]]);
    expect(plan.periods[1].duties).toEqual([{ participantId: 104, pinned: true }]);
    expect(spread(dutyCounts(plan.periods).values())).toBe(0);
  });

  it('reports a short week when too few can be on duty', () => {
    const plan = planRota(input({ members: members(1), slots: 2, horizon: 2 }));
    expect(plan.periods.map((p) => p.short)).toEqual([true, true]);
    expect(plan.periods.map(ids)).toEqual([[101], [101]]);
  });

  it('never books a shop in two rotas in the same week', () => {
    const shared = members(2);
    const a = input({ rotaId: 1, members: shared, horizon: 4 });
    const b = input({ rotaId: 2, members: [...shared, { seq: 3, participantId: 300, joinIndex: 0, leaveIndex: null }], horizon: 4 });
    const [pa, pb] = planRotas([a, b]);
    expect(pa.periods.map(ids)).toEqual([[101], [102], [101], [102]]);
    expect(pb.periods.map(ids)).toEqual([[102], [101], [300], [101]]);
  });
});

describe('calendar helpers', () => {
  it('periods, their Mondays and the periods a range touches', () => {
    const cal = { startDate: START, periodWeeks: 2 };
    expect(periodRange(cal, 1)).toEqual({ from: '2026-12-14', to: '2026-12-27' });
    expect(periodMondays(cal, 1)).toEqual(['2026-12-14', '2026-12-21']);
    expect(periodsTouching(cal, { from: '2026-12-13', to: '2026-12-14' }, 10)).toEqual([0, 1]);
    expect(periodsTouching(cal, { from: '2026-11-01', to: '2026-11-02' }, 10)).toEqual([]);
  });

  it('a week is a holiday week when most of its days are holidays (overlapping ranges counted once)', () => {
    const cal = { startDate: '2026-09-28', periodWeeks: 1 };
    const national = { from: '2026-10-01', to: '2026-10-07' }; // Thu..Wed
    expect(holidayPeriods(cal, [national, { from: '2026-10-02', to: '2026-10-03' }], 3)).toEqual([0]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties over random shop sets, exemptions, joins/leaves, swaps, several rotas.

interface World {
  n: number;
  slots: number;
  horizon: number;
  exemptions: Array<{ participantId: number } & DateRange>;
}

const worldArb: fc.Arbitrary<World> = fc
  .record({ n: fc.integer({ min: 1, max: 24 }), slots: fc.integer({ min: 1, max: 2 }), horizon: fc.integer({ min: 1, max: 60 }) })
  .chain((w) =>
    fc.record({
      n: fc.constant(w.n),
      slots: fc.constant(w.slots),
      horizon: fc.constant(w.horizon),
      exemptions: fc.array(
        fc.record({ who: fc.integer({ min: 0, max: w.n - 1 }), at: fc.integer({ min: 0, max: w.horizon * 7 }), days: fc.integer({ min: 1, max: 40 }) }).map((e) => ({
          participantId: 101 + e.who,
          from: addDays(START, e.at),
          to: addDays(START, e.at + e.days - 1),
        })),
        { maxLength: 6 },
      ),
    }),
  );

describe('planRota: properties', () => {
  it('fairness: with nobody exempt, duty counts stay within one of each other after every week', () => {
    fc.assert(
      fc.property(worldArb, ({ n, slots, horizon }) => {
        const plan = planRota(input({ members: members(n), slots, horizon }));
        const counts = new Map<number, number>(members(n).map((m) => [m.participantId, 0]));
        for (const p of plan.periods) {
          expect(new Set(ids(p)).size).toBe(Math.min(slots, n));
          for (const id of ids(p)) counts.set(id, counts.get(id)! + 1);
          expect(spread(counts.values())).toBeLessThanOrEqual(1);
        }
        // Over whole cycles (every n*slots... i.e. each multiple of n/gcd periods) counts are equal.
        const total = plan.periods.length * Math.min(slots, n);
        if (total % n === 0) expect(spread(counts.values())).toBe(0);
      }),
    );
  });

  it('exemptions are honoured, and never make anyone do more than one turn above the others', () => {
    fc.assert(
      fc.property(worldArb, ({ n, slots, horizon, exemptions }) => {
        const plan = planRota(input({ members: members(n), slots, horizon, exemptions }));
        const cal = { startDate: START, periodWeeks: 1 };
        for (const e of exemptions) {
          for (const i of periodsTouching(cal, e, horizon)) expect(ids(plan.periods[i])).not.toContain(e.participantId);
        }
        const exempt = new Set(exemptions.map((e) => e.participantId));
        const counts = dutyCounts(plan.periods);
        const free = members(n).filter((m) => !exempt.has(m.participantId)).map((m) => counts.get(m.participantId) ?? 0);
        // Members never exempt keep within one of each other; nobody exceeds them by more than one.
        expect(spread(free)).toBeLessThanOrEqual(1);
        if (free.length) {
          const ceiling = Math.max(...free);
          for (const c of counts.values()) expect(c).toBeLessThanOrEqual(ceiling + 1);
        }
        // Turns (duties + forgiven turns) stay within one for everyone.
        expect(spread(plan.turns.values())).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('stability: replanning with nothing changed reproduces the plan; a join, leave or exemption changes only weeks not yet started', () => {
    const eventArb = fc.oneof(
      fc.record({ kind: fc.constant('join' as const) }),
      fc.record({ kind: fc.constant('leave' as const), who: fc.nat() }),
      fc.record({ kind: fc.constant('exempt' as const), who: fc.nat(), offset: fc.integer({ min: 0, max: 20 }), days: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
    );
    fc.assert(
      fc.property(worldArb, fc.array(fc.record({ advance: fc.integer({ min: 0, max: 4 }), event: eventArb }), { maxLength: 8 }), (w, steps) => {
        let roster = members(w.n);
        let exemptions = [...w.exemptions];
        let pins: Array<{ index: number; participantId: number }> = [];
        let now = 0; // first period not yet started
        let plan = planRota(input({ members: roster, slots: w.slots, horizon: w.horizon, exemptions }));
        let nextSeq = 1000;
        for (const step of steps) {
          now = Math.min(w.horizon, now + step.advance);
          const frozen = freeze(plan.periods, now);
          const again = planRota(input({ members: roster, slots: w.slots, horizon: w.horizon, exemptions, pins, fromIndex: now, frozen }));
          expect(again.periods).toEqual(plan.periods.map((p) => ({ ...p, frozen: p.index < now })));
          // The change happens now; it takes effect from the first period not yet started.
          const active = roster.filter((m) => m.leaveIndex === null);
          const e = step.event;
          if (e.kind === 'join') roster = [...roster, { seq: nextSeq, participantId: nextSeq++, joinIndex: now, leaveIndex: null }];
          if (e.kind === 'leave' && active.length) {
            const who = active[e.who % active.length].seq;
            roster = roster.map((m) => (m.seq === who ? { ...m, leaveIndex: now } : m));
            const gone = roster.find((m) => m.seq === who)!.participantId;
            pins = pins.filter((p) => p.participantId !== gone);
          }
          if (e.kind === 'exempt' && active.length) {
            const who = active[e.who % active.length].participantId;
            const from = addDays(START, now * 7 + e.offset);
            const ex = { participantId: who, from, to: addDays(from, e.days - 1) };
            // The server refuses an exemption over a week the shop holds by a swap.
            const cal = { startDate: START, periodWeeks: 1 };
            if (!pins.some((p) => p.participantId === who && periodsTouching(cal, ex, w.horizon).includes(p.index))) exemptions = [...exemptions, ex];
          }
          if (e.kind === 'swap') {
            const open = again.periods.filter((p) => p.index >= now && p.duties.length);
            if (open.length >= 2) {
              const pa = open[e.a % open.length];
              const pb = open[e.b % open.length];
              const a = pa.duties[0].participantId;
              const b = pb.duties[0].participantId;
              // The server refuses a swap into a week the other side is exempt in.
              const cal = { startDate: START, periodWeeks: 1 };
              const exemptIn = (who: number, index: number) => exemptions.some((x) => x.participantId === who && periodsTouching(cal, x, w.horizon).includes(index));
              if (pa.index !== pb.index && !ids(pa).includes(b) && !ids(pb).includes(a) && !exemptIn(a, pb.index) && !exemptIn(b, pa.index)) {
                pins = pins.filter((p) => !(p.participantId === a && p.index === pa.index) && !(p.participantId === b && p.index === pb.index));
                pins = [...pins, { index: pb.index, participantId: a }, { index: pa.index, participantId: b }];
              }
            }
          }
          const changed = planRota(input({ members: roster, slots: w.slots, horizon: w.horizon, exemptions, pins, fromIndex: now, frozen }));
          // Past and current weeks never change.
          for (let i = 0; i < now; i++) expect(changed.periods[i].duties).toEqual(plan.periods[i].duties);
          // Exemptions are honoured in every week planned after they were approved.
          const cal = { startDate: START, periodWeeks: 1 };
          for (const ex of exemptions) for (const i of periodsTouching(cal, ex, w.horizon)) if (i >= now) expect(ids(changed.periods[i])).not.toContain(ex.participantId);
          // Pinned swaps hold.
          for (const p of pins) if (p.index >= now && changed.periods[p.index]) expect(ids(changed.periods[p.index])).toContain(p.participantId);
          // Nobody is on duty twice in one week.
          for (const p of changed.periods) expect(new Set(ids(p)).size).toBe(p.duties.length);
          plan = changed;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('no double booking across rotas: planned together, or one after another against the stored plans', () => {
    const rotaArb = fc.record({
      members: fc.uniqueArray(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 10 }),
      slots: fc.integer({ min: 1, max: 2 }),
      periodWeeks: fc.integer({ min: 1, max: 2 }),
      startOffsetWeeks: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(rotaArb, { minLength: 2, maxLength: 5 }), (rotas) => {
        const inputs = rotas.map((r, k) =>
          input({
            rotaId: k + 1,
            startDate: addDays(START, r.startOffsetWeeks * 7),
            periodWeeks: r.periodWeeks,
            slots: r.slots,
            horizon: 12,
            members: r.members.map((p, s) => ({ seq: s + 1, participantId: p, joinIndex: 0, leaveIndex: null })),
          }),
        );
        const check = (plans: ReturnType<typeof planRotas>) => {
          const seen = new Map<string, number>();
          plans.forEach((plan, k) => {
            for (const p of plan.periods) {
              for (const monday of periodMondays(inputs[k], p.index)) {
                for (const id of ids(p)) {
                  const key = `${id}@${monday}`;
                  expect({ key, rota: seen.get(key) ?? k }).toEqual({ key, rota: k });
                  seen.set(key, k);
                }
              }
            }
          });
        };
        check(planRotas(inputs));
        // The server plans one rota at a time with the others' stored weeks as busy.
        const busy: BusyWeeks = new Map();
        const one = inputs.map((i) => planRota(i, busy));
        check(one);
      }),
    );
  });

  it('is deterministic and a holiday week holds nobody', () => {
    fc.assert(
      fc.property(worldArb, fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { maxLength: 5 }), ({ n, slots, horizon, exemptions }, skip) => {
        const i = input({ members: members(n), slots, horizon, exemptions, skip });
        const a = planRota(i);
        expect(planRota(i)).toEqual(a);
        for (const s of skip) if (s < horizon) expect(a.periods[s].duties).toEqual([]);
      }),
    );
  });
});

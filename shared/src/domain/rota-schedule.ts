/**
 * The watch-rota scheduler (轮值排班): a pure, deterministic function from a rota's facts (members and
 * when they joined or left, approved exemptions, holiday periods, agreed swaps, the periods already
 * started) to who is on duty in every period up to the publishing horizon.
 *
 * The rule, in words:
 * - Everyone enrolled has a place in the rotation: `(turns, last, seq)`, smallest first. `turns` counts
 *   the turns a member has had, `last` is the period of its last turn, `seq` its enrolment order.
 *   Each period the first `slots` eligible members in that order are on duty (turns + 1, last = now).
 *   So duty counts stay within one of each other: nobody gets a second turn before everyone had one.
 * - An exempt member (shop closed, owner away) whose turn comes is skipped and its turn is counted as
 *   had ("forgiven"): it does not have to catch up with a row of duties when it comes back.
 * - A member already on duty in another rota that week is passed over but keeps its place (it comes
 *   first next period): never two rotas in one week for one shop.
 * - A member that joins later starts with the fewest turns of those enrolled and `last` = the period
 *   before it joined: it is put at the end of the current round, not at the front of the queue.
 * - Holiday periods have nobody on duty and move nobody's place.
 * - An agreed swap pins a member to a period: there it is on duty whatever its place, and from the
 *   moment the swap exists that turn counts as already had (a pinned period still ahead adds one to
 *   the member's place), so the swap does not earn anyone an extra turn or a row of duties.
 * - Periods that have started (`index < fromIndex`) are taken as stored: they never change. The place
 *   of every member is rebuilt by replaying them with the same rule, so planning again with nothing
 *   changed gives exactly the same plan (no churn), and a change moves only periods not yet started.
 */
import { DateRange, dayNumber, fromDayNumber, IsoDate, periodsTouching, RotaCalendar } from './rota-dates';

/** One enrolment of a participant (a shop or a volunteer) in a rota. */
export interface RotaMemberInput {
  /** Enrolment sequence (the membership's id): the rotation's initial order. */
  seq: number;
  participantId: number;
  /** First period the member may be on duty. */
  joinIndex: number;
  /** First period the member is no longer enrolled (null: still enrolled). */
  leaveIndex: number | null;
}

/** One person-slot of a period. */
export interface DutyEntry {
  participantId: number;
  /** Placed there by an agreed swap (not by the rotation). */
  pinned: boolean;
}

export interface RotaPlanInput extends RotaCalendar {
  rotaId: number;
  /** Participants on duty at once (1-2). */
  slots: number;
  /** Plan periods 0 .. horizon-1. */
  horizon: number;
  /** First period not yet started; earlier ones come from `frozen` unchanged. */
  fromIndex: number;
  members: readonly RotaMemberInput[];
  /** Approved exemptions (inclusive date ranges) per participant. */
  exemptions: ReadonlyArray<{ participantId: number } & DateRange>;
  /** Periods with nobody on duty (public holidays, declared closures). */
  skip: readonly number[];
  /** Stored duties of the periods that started (index < fromIndex). */
  frozen: ReadonlyMap<number, readonly DutyEntry[]>;
  /** Agreed swaps for periods not yet started: participant pinned to period. */
  pins: ReadonlyArray<{ index: number; participantId: number }>;
}

export interface PlannedPeriod {
  index: number;
  start: IsoDate;
  end: IsoDate;
  duties: DutyEntry[];
  /** Taken from the stored (started) periods. */
  frozen: boolean;
  /** A holiday period: nobody on duty. */
  skipped: boolean;
  /** Fewer participants than slots could be found (too few members, all exempt or busy). */
  short: boolean;
}

export interface RotaPlan {
  rotaId: number;
  periods: PlannedPeriod[];
  /** Turns per participant at the end of the horizon (duties + forgiven turns + join baseline). */
  turns: Map<number, number>;
}

/**
 * Who is busy elsewhere: participant -> weeks (weekNumber of their Monday) already taken by another
 * rota. planRotas fills it as it goes; the server seeds it with the other rotas' stored duties.
 */
export type BusyWeeks = Map<number, Set<number>>;

/** A week's number (days since 1970-01-01 of its Monday, divided by 7): the key of BusyWeeks. */
export function weekNumber(monday: IsoDate): number {
  return Math.floor((dayNumber(monday) + 3) / 7);
}

/** Marks `participantId` busy in the week starting on `monday`. */
export function markBusy(busy: BusyWeeks, participantId: number, monday: IsoDate): void {
  let weeks = busy.get(participantId);
  if (!weeks) busy.set(participantId, (weeks = new Set()));
  weeks.add(weekNumber(monday));
}

interface MemberState {
  m: RotaMemberInput;
  turns: number;
  last: number;
  started: boolean;
  exempt: Set<number>;
  /** Indices this participant is pinned to (frozen or planned), ascending. */
  pins: number[];
  /** Place key of the current period: turns + pinned periods still ahead. */
  key: number;
}

const byPlace = (a: MemberState, b: MemberState) => a.key - b.key || a.last - b.last || a.m.seq - b.m.seq;

/** How many of the ascending `pins` lie after `i`. */
function pinsAfter(pins: readonly number[], i: number): number {
  let n = 0;
  for (let k = pins.length - 1; k >= 0 && pins[k] > i; k--) n++;
  return n;
}

/** Runs one rota period by period; planRotas interleaves several of them in calendar order. */
class RotaRun {
  readonly periods: PlannedPeriod[] = [];
  private readonly states: MemberState[];
  private readonly skip: Set<number>;
  private readonly pinsAt = new Map<number, number[]>();
  private readonly startDay: number;
  private readonly days: number;
  next = 0;

  constructor(readonly input: RotaPlanInput) {
    this.skip = new Set(input.skip);
    this.startDay = dayNumber(input.startDate);
    this.days = input.periodWeeks * 7;
    const exemptByParticipant = new Map<number, Set<number>>();
    for (const e of input.exemptions) {
      let set = exemptByParticipant.get(e.participantId);
      if (!set) exemptByParticipant.set(e.participantId, (set = new Set()));
      for (const i of periodsTouching(input, e, input.horizon)) set.add(i);
    }
    const pinIndices = new Map<number, number[]>();
    const addPin = (participantId: number, index: number) => {
      const list = pinIndices.get(participantId) ?? [];
      list.push(index);
      pinIndices.set(participantId, list);
    };
    for (const [index, duties] of input.frozen) if (index < input.fromIndex) for (const d of duties) if (d.pinned) addPin(d.participantId, index);
    for (const p of input.pins) {
      if (p.index < input.fromIndex || p.index >= input.horizon) continue;
      addPin(p.participantId, p.index);
      const at = this.pinsAt.get(p.index) ?? [];
      if (!at.includes(p.participantId)) at.push(p.participantId);
      this.pinsAt.set(p.index, at);
    }
    for (const list of pinIndices.values()) list.sort((a, b) => a - b);
    this.states = [...input.members]
      .sort((a, b) => a.seq - b.seq)
      .map((m) => ({ m, turns: 0, last: -1, started: false, exempt: exemptByParticipant.get(m.participantId) ?? new Set(), pins: pinIndices.get(m.participantId) ?? [], key: 0 }));
  }

  get done(): boolean {
    return this.next >= this.input.horizon;
  }

  /** First day (day number) of the next period, for calendar ordering across rotas. */
  nextStart(): number {
    return this.startDay + this.next * this.days;
  }

  /** Plans (or replays) the next period, reading and updating `busy`. */
  step(busy: BusyWeeks): void {
    const i = this.next++;
    const { input } = this;
    const first = this.startDay + i * this.days;
    // Week numbers of the period's weeks (the start is a Monday: (first + 3) / 7 is whole).
    const weeks: number[] = [];
    for (let w = 0; w < input.periodWeeks; w++) weeks.push(Math.floor((first + 3) / 7) + w);
    const enrolled = this.enrol(i);
    const frozen = i < input.fromIndex;
    const period: PlannedPeriod = { index: i, start: fromDayNumber(first), end: fromDayNumber(first + this.days - 1), duties: [], frozen, skipped: false, short: false };
    this.periods.push(period);
    if (frozen) {
      period.duties = (input.frozen.get(i) ?? []).map((d) => ({ participantId: d.participantId, pinned: d.pinned }));
      period.skipped = period.duties.length === 0 && this.skip.has(i);
      period.short = !period.skipped && period.duties.length < input.slots;
      this.replay(i, enrolled, period.duties, period.short);
    } else if (this.skip.has(i)) {
      period.skipped = true;
    } else {
      period.duties = this.choose(i, enrolled, weeks, busy);
      period.short = period.duties.length < input.slots;
    }
    for (const d of period.duties) {
      let taken = busy.get(d.participantId);
      if (!taken) busy.set(d.participantId, (taken = new Set()));
      for (const w of weeks) taken.add(w);
    }
  }

  result(): RotaPlan {
    const turns = new Map<number, number>();
    for (const s of this.states) if (s.started) turns.set(s.m.participantId, s.turns + pinsAfter(s.pins, this.input.horizon - 1));
    return { rotaId: this.input.rotaId, periods: this.periods, turns };
  }

  /** Members enrolled in period i; those starting now get the join baseline. */
  private enrol(i: number): MemberState[] {
    const enrolled = this.states.filter((s) => s.m.joinIndex <= i && (s.m.leaveIndex === null || i < s.m.leaveIndex));
    for (const s of enrolled) s.key = s.turns + pinsAfter(s.pins, i - 1);
    const fresh = enrolled.filter((s) => !s.started);
    if (fresh.length) {
      let baseline = Infinity;
      for (const s of enrolled) if (s.started && s.key < baseline) baseline = s.key;
      if (baseline === Infinity) baseline = 0;
      for (const s of fresh) {
        s.started = true;
        s.turns = baseline;
        s.key = baseline + pinsAfter(s.pins, i - 1);
        s.last = i - 1;
      }
    }
    return enrolled.sort(byPlace);
  }

  private choose(i: number, enrolled: MemberState[], weeks: readonly number[], busy: BusyWeeks): DutyEntry[] {
    const duties: DutyEntry[] = [];
    const pinned = new Set(this.pinsAt.get(i) ?? []);
    for (const s of enrolled) {
      if (pinned.has(s.m.participantId)) {
        duties.push({ participantId: s.m.participantId, pinned: true });
        s.turns += 1;
        s.last = i;
      }
    }
    const forgiven: MemberState[] = [];
    let filled = duties.length >= this.input.slots;
    for (const s of enrolled) {
      if (filled) break;
      if (pinned.has(s.m.participantId)) continue;
      if (s.exempt.has(i)) {
        forgiven.push(s);
        continue;
      }
      const taken = busy.get(s.m.participantId);
      if (taken && weeks.some((w) => taken.has(w))) continue;
      duties.push({ participantId: s.m.participantId, pinned: false });
      s.turns += 1;
      s.last = i;
      filled = duties.length >= this.input.slots;
    }
    for (const s of forgiven) {
      s.turns += 1;
      s.last = i;
    }
    return duties;
  }

  /**
   * Rebuilds places from a stored period: its members had their turn; exempt members whose place was
   * before the last one chosen by the rotation (all of them when the period was short) were forgiven,
   * exactly as choose() did when it chose these duties.
   */
  private replay(i: number, enrolled: MemberState[], duties: DutyEntry[], short: boolean): void {
    if (duties.length === 0 && this.skip.has(i)) return;
    const onDuty = new Set(duties.map((d) => d.participantId));
    const rotationPicks = new Set(duties.filter((d) => !d.pinned).map((d) => d.participantId));
    let cut = -1;
    enrolled.forEach((s, pos) => {
      if (rotationPicks.has(s.m.participantId)) cut = pos;
    });
    if (short) cut = enrolled.length;
    const forgiven = enrolled.filter((s, pos) => pos < cut && !onDuty.has(s.m.participantId) && s.exempt.has(i));
    for (const s of enrolled) {
      if (onDuty.has(s.m.participantId)) {
        s.turns += 1;
        s.last = i;
      }
    }
    for (const s of forgiven) {
      s.turns += 1;
      s.last = i;
    }
  }
}

/**
 * Plans several rotas together, period by period in calendar order (ties by rota id), so that no
 * participant is on duty in two rotas in the same week. `busy` may carry weeks taken by rotas not in
 * `inputs` (the server passes the other rotas' stored duties); it is updated with the new plans.
 */
export function planRotas(inputs: readonly RotaPlanInput[], busy: BusyWeeks = new Map()): RotaPlan[] {
  const runs = [...inputs].sort((a, b) => a.rotaId - b.rotaId).map((input) => new RotaRun(input));
  // A min-heap would save little: rotas are few next to members, and this loop is not the cost.
  for (;;) {
    let best: RotaRun | null = null;
    let bestStart = 0;
    for (const r of runs) {
      if (r.done) continue;
      const start = r.nextStart();
      if (!best || start < bestStart) {
        best = r;
        bestStart = start;
      }
    }
    if (!best) break;
    best.step(busy);
  }
  const byId = new Map(runs.map((r) => [r.input.rotaId, r.result()]));
  return inputs.map((i) => byId.get(i.rotaId)!);
}

/** Plans one rota; `busy` holds the weeks other rotas already took. */
export function planRota(input: RotaPlanInput, busy: BusyWeeks = new Map()): RotaPlan {
  return planRotas([input], busy)[0];
}

/** Duty counts per participant over `periods` (for fairness checks and the roster). */
export function dutyCounts(periods: readonly PlannedPeriod[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const p of periods) for (const d of p.duties) counts.set(d.participantId, (counts.get(d.participantId) ?? 0) + 1);
  return counts;
}

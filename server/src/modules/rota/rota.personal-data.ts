import { Destroy, Init, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { In, type EntityManager } from 'typeorm';
import {
  CheckinKindLabelZh,
  ExemptionReasonLabelZh,
  ExemptionStatusLabelZh,
  MemberStatusLabelZh,
  ParticipantKindLabelZh,
  ParticipantRole,
  ParticipantRoleLabelZh,
  ParticipantStatusLabelZh,
  periodRange,
  SwapStatusLabelZh,
  type MyRotaData,
} from '@linli/shared';
import { personalData } from '../user/personal-data';
import { PhoneCrypto } from '../user/phone.crypto';
import { RotaService } from './rota.service';
import {
  CheckinEntity,
  DutyEntity,
  ExemptionEntity,
  ParticipantEntity,
  ParticipantUserEntity,
  RotaEntity,
  RotaMemberEntity,
  SwapEntity,
} from './rota.entity';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * The `rota` section of "export my data": the shops / volunteer entries the user owns or staffs (the
 * contact phone to the owner only), their enrolments and duty weeks, the user's own check-ins (coordinates
 * only until they are erased), and the swaps and exemptions the user asked for or answered. Reviewers,
 * officers and the other side of a swap are not named. On account deletion its eraser runs
 * `RotaService.forgetUser`. Both registered on the user module's `personalData` hook; started from
 * configuration.ts.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RotaPersonalData {
  @Inject()
  phones: PhoneCrypto;

  @Inject()
  rotas: RotaService;

  private off: Array<() => void> = [];

  @Init()
  init(): void {
    this.off = [
      personalData.register('rota', (m, userId) => this.export(m, userId)),
      personalData.registerEraser('rota', (m, userId) => this.erase(m, userId)),
    ];
  }

  @Destroy()
  stop(): void {
    for (const off of this.off) off();
    this.off = [];
  }

  /**
   * Account deletion, in its transaction: check-in coordinates erased now, staff links dropped, owned
   * shops off their rotas from the next period (RotaService.forgetUser).
   */
  async erase(m: EntityManager, userId: number): Promise<void> {
    await this.rotas.forgetUser(m, userId);
  }

  async export(m: EntityManager, userId: number): Promise<MyRotaData> {
    const links = await m.find(ParticipantUserEntity, { where: { userId }, order: { id: 'ASC' } });
    const owned = await m.find(ParticipantEntity, { where: { ownerId: userId } });
    const roleOf = new Map<number, ParticipantRole>(links.map((l) => [l.participantId, l.role]));
    for (const p of owned) roleOf.set(p.id, ParticipantRole.Owner);
    const ids = [...roleOf.keys()].sort((a, b) => a - b);
    const participants = ids.length ? await m.find(ParticipantEntity, { where: { id: In(ids) }, order: { id: 'ASC' } }) : [];
    const members = ids.length ? await m.find(RotaMemberEntity, { where: { participantId: In(ids) }, order: { id: 'ASC' } }) : [];
    const duties = ids.length ? await m.find(DutyEntity, { where: { participantId: In(ids) }, order: { weekStart: 'ASC', id: 'ASC' } }) : [];
    const checkins = await m.find(CheckinEntity, { where: { userId }, order: { id: 'ASC' } });
    const swaps = await m.find(SwapEntity, { where: [{ requestedBy: userId }, { respondedBy: userId }], order: { id: 'ASC' } });
    const exemptions = await m.find(ExemptionEntity, { where: { requestedBy: userId }, order: { id: 'ASC' } });
    const rotaIds = [...new Set([...members, ...duties, ...swaps, ...exemptions].map((x) => x.rotaId))];
    const rotas = new Map(
      (rotaIds.length ? await m.find(RotaEntity, { where: { id: In(rotaIds) }, select: ['id', 'name', 'startDate', 'periodWeeks'] }) : []).map((r) => [r.id, r]),
    );
    const rotaName = (id: number) => rotas.get(id)?.name ?? '';

    return {
      participants: participants.map((p) => {
        const role = roleOf.get(p.id)!;
        return {
          id: p.id,
          kind: p.kind,
          kindLabel: ParticipantKindLabelZh[p.kind] ?? p.kind,
          name: p.name,
          address: p.address,
          lat: p.lat,
          lng: p.lng,
          phone: role === ParticipantRole.Owner ? this.phones.decrypt(p.phoneEnc) : null,
          phonePublic: Boolean(p.phonePublic),
          myRole: role,
          myRoleLabel: ParticipantRoleLabelZh[role] ?? role,
          status: p.status,
          statusLabel: ParticipantStatusLabelZh[p.status] ?? p.status,
          reviewNote: p.reviewNote,
          createdAt: iso(p.createdAt)!,
        };
      }),
      memberships: members.map((x) => ({
        rotaId: x.rotaId,
        rotaName: rotaName(x.rotaId),
        participantId: x.participantId,
        status: x.status,
        statusLabel: MemberStatusLabelZh[x.status] ?? x.status,
        reviewNote: x.reviewNote,
        createdAt: iso(x.createdAt)!,
        reviewedAt: iso(x.reviewedAt),
      })),
      duties: duties.map((d) => ({
        id: d.id,
        rotaName: rotaName(d.rotaId),
        participantId: d.participantId,
        weekStart: d.weekStart,
        weekEnd: d.weekEnd,
        checkinCount: d.checkinCount,
        completedAt: iso(d.completedAt),
        pointsAwarded: d.pointsAwarded,
        handoverNote: d.handoverBy === userId ? d.handoverNote : null,
      })),
      checkins: checkins.map((c) => {
        const stored = !c.locationErasedAt;
        return {
          dutyId: c.dutyId,
          kind: c.kind,
          kindLabel: CheckinKindLabelZh[c.kind] ?? c.kind,
          insideArea: Boolean(c.insideArea),
          distanceM: c.distanceM,
          lat: stored ? c.lat : null,
          lng: stored ? c.lng : null,
          accuracy: stored ? c.accuracy : null,
          locationErasedAt: iso(c.locationErasedAt),
          createdAt: iso(c.createdAt)!,
        };
      }),
      swaps: swaps.flatMap((s) => {
        const rota = rotas.get(s.rotaId);
        if (!rota) return [];
        const requester = s.requestedBy === userId;
        const [mine, other] = requester ? [s.requesterIndex, s.targetIndex] : [s.targetIndex, s.requesterIndex];
        return [{
          id: s.id,
          rotaName: rota.name,
          side: requester ? ('requester' as const) : ('target' as const),
          myPeriod: periodRange(rota, mine),
          otherPeriod: periodRange(rota, other),
          reason: requester ? s.reason : null,
          status: s.status,
          statusLabel: SwapStatusLabelZh[s.status] ?? s.status,
          decidedAt: iso(s.decidedAt),
          createdAt: iso(s.createdAt)!,
        }];
      }),
      exemptions: exemptions.map((e) => ({
        id: e.id,
        rotaName: rotaName(e.rotaId),
        participantId: e.participantId,
        from: e.fromDate,
        to: e.toDate,
        reason: e.reason,
        reasonLabel: ExemptionReasonLabelZh[e.reason] ?? e.reason,
        note: e.note,
        status: e.status,
        statusLabel: ExemptionStatusLabelZh[e.status] ?? e.status,
        reviewNote: e.reviewNote,
        reviewedAt: iso(e.reviewedAt),
        createdAt: iso(e.createdAt)!,
      })),
    };
  }
}

import type { EndpointSpec } from './contract';
import {
  addStaffSchema,
  checkinSchema,
  createRotaSchema,
  enrolMembersSchema,
  handoverSchema,
  joinRotaSchema,
  leaveRotaSchema,
  registerShopSchema,
  requestExemptionSchema,
  requestSwapSchema,
  respondSwapSchema,
  rosterQuerySchema,
  rotaListQuerySchema,
  rotaReviewSchema,
  updateParticipantSchema,
  updateRotaSchema,
} from '../schemas/rota.schema';
import type {
  AttendanceResponse,
  CheckinResponse,
  DutyDetailResponse,
  ExemptionResponse,
  MyDutyResponse,
  ParticipantResponse,
  RosterResponse,
  RotaDetailResponse,
  RotaMemberResponse,
  RotaSummaryResponse,
  SwapResponse,
} from '../types/rota';

/**
 * Endpoints of the shops, watch rotas, duty weeks, swaps, check-ins (issue 6). Officer endpoints sit
 * under /admin/rota and are `user` access: the service checks, per rota, that the caller is community
 * police or an admin over the rota's area (else 404, like a missing rota).
 */
export const ROTA_API = {
  // participants: shops and volunteers
  registerShop: { method: 'POST', path: '/rota/shops', summary: 'Register my shop (reviewed by the community police or a community admin)', tag: 'rota', access: 'user', body: registerShopSchema, response: 'ParticipantResponse' },
  myParticipants: { method: 'GET', path: '/rota/participants/mine', summary: 'Shops and volunteer profiles I act for', tag: 'rota', access: 'user', response: 'ParticipantResponse[]' },
  updateParticipant: { method: 'PATCH', path: '/rota/participants/:id', summary: 'Change opening days, contact phone or its publication (owner)', tag: 'rota', access: 'user', body: updateParticipantSchema, response: 'ParticipantResponse' },
  addParticipantStaff: { method: 'POST', path: '/rota/participants/:id/staff', summary: 'Let a user (found by bound phone) act for my shop', tag: 'rota', access: 'user', body: addStaffSchema, response: 'ParticipantResponse' },
  removeParticipantStaff: { method: 'DELETE', path: '/rota/participants/:id/staff/:userId', summary: 'Remove a staff member of my shop', tag: 'rota', access: 'user', response: 'ParticipantResponse' },
  participantQueue: { method: 'GET', path: '/admin/rota/participants', summary: 'Shops waiting for review inside my units', tag: 'rota', access: 'user', response: 'ParticipantResponse[]' },
  reviewParticipant: { method: 'POST', path: '/admin/rota/participants/:id/review', summary: 'Approve or reject a shop', tag: 'rota', access: 'user', body: rotaReviewSchema, response: 'ParticipantResponse' },
  // rotas
  rotas: { method: 'GET', path: '/rota/rotas', summary: 'Active rotas (to volunteer for or to read the roster)', tag: 'rota', access: 'public', query: rotaListQuerySchema, response: 'RotaSummaryResponse[]' },
  joinRota: { method: 'POST', path: '/rota/rotas/:id/join', summary: 'Ask to join a rota with my shop, or volunteer as a resident', tag: 'rota', access: 'user', body: joinRotaSchema, response: 'RotaMemberResponse' },
  leaveRota: { method: 'POST', path: '/rota/rotas/:id/leave', summary: 'Leave a rota from the next period on', tag: 'rota', access: 'user', body: leaveRotaSchema, response: 'RotaMemberResponse' },
  roster: { method: 'GET', path: '/rota/rotas/:id/roster', summary: 'The public roster: weeks, shops, masked phones, the officer', tag: 'rota', access: 'public', query: rosterQuerySchema, response: 'RosterResponse' },
  rosterCsv: { method: 'GET', path: '/rota/rotas/:id/roster.csv', summary: 'The public roster as CSV (UTF-8 with BOM) for printing', tag: 'rota', access: 'public', query: rosterQuerySchema, response: 'text/csv' },
  adminRotas: { method: 'GET', path: '/admin/rota/rotas', summary: 'Rotas I manage', tag: 'rota', access: 'user', response: 'RotaSummaryResponse[]' },
  createRota: { method: 'POST', path: '/admin/rota/rotas', summary: 'Create a rota over grids of my area', tag: 'rota', access: 'user', body: createRotaSchema, response: 'RotaDetailResponse' },
  adminRota: { method: 'GET', path: '/admin/rota/rotas/:id', summary: 'A rota with members and pending requests', tag: 'rota', access: 'user', response: 'RotaDetailResponse' },
  updateRota: { method: 'PATCH', path: '/admin/rota/rotas/:id', summary: 'Change a rota (applies to weeks not yet started)', tag: 'rota', access: 'user', body: updateRotaSchema, response: 'RotaDetailResponse' },
  enrolMembers: { method: 'POST', path: '/admin/rota/rotas/:id/members', summary: 'Enrol approved shops (or every approved shop in the area)', tag: 'rota', access: 'user', body: enrolMembersSchema, response: 'RotaDetailResponse' },
  attendance: { method: 'GET', path: '/admin/rota/rotas/:id/attendance', summary: 'Who is on duty this week and who has not checked in', tag: 'rota', access: 'user', response: 'AttendanceResponse' },
  reviewMember: { method: 'POST', path: '/admin/rota/members/:id/review', summary: 'Approve or reject a request to join (shop or volunteer)', tag: 'rota', access: 'user', body: rotaReviewSchema, response: 'RotaMemberResponse' },
  removeMember: { method: 'POST', path: '/admin/rota/members/:id/remove', summary: 'Take a member off the rota from the next period on', tag: 'rota', access: 'user', response: 'RotaMemberResponse' },
  // duties
  myDuty: { method: 'GET', path: '/rota/duty', summary: 'My duty week: current or next, upcoming and past duties', tag: 'rota', access: 'user', response: 'MyDutyResponse' },
  duty: { method: 'GET', path: '/rota/duties/:id', summary: 'One duty with area, checklist, officer, partner and check-ins', tag: 'rota', access: 'user', response: 'DutyDetailResponse' },
  checkin: { method: 'POST', path: '/rota/duties/:id/checkins', summary: 'Check in on duty (location checked against the area on the server)', tag: 'rota', access: 'user', body: checkinSchema, response: 'CheckinResponse' },
  handover: { method: 'POST', path: '/rota/duties/:id/handover', summary: 'Leave a handover note for the next duty', tag: 'rota', access: 'user', body: handoverSchema, response: 'DutyDetailResponse' },
  requestSwap: { method: 'POST', path: '/rota/duties/:id/swaps', summary: 'Ask another shop to swap weeks', tag: 'rota', access: 'user', body: requestSwapSchema, response: 'SwapResponse' },
  // swaps and exemptions
  mySwaps: { method: 'GET', path: '/rota/swaps', summary: 'Swaps I asked for or was asked for', tag: 'rota', access: 'user', response: 'SwapResponse[]' },
  swap: { method: 'GET', path: '/rota/swaps/:id', summary: 'One swap', tag: 'rota', access: 'user', response: 'SwapResponse' },
  respondSwap: { method: 'POST', path: '/rota/swaps/:id/respond', summary: 'Accept or decline a swap asked of my shop', tag: 'rota', access: 'user', body: respondSwapSchema, response: 'SwapResponse' },
  cancelSwap: { method: 'POST', path: '/rota/swaps/:id/cancel', summary: 'Withdraw my swap request', tag: 'rota', access: 'user', response: 'SwapResponse' },
  reviewSwap: { method: 'POST', path: '/admin/rota/swaps/:id/review', summary: 'Approve or reject an accepted swap', tag: 'rota', access: 'user', body: rotaReviewSchema, response: 'SwapResponse' },
  requestExemption: { method: 'POST', path: '/rota/exemptions', summary: 'Ask to be exempt for some dates (shop closed, owner away)', tag: 'rota', access: 'user', body: requestExemptionSchema, response: 'ExemptionResponse' },
  myExemptions: { method: 'GET', path: '/rota/exemptions', summary: 'My exemption requests', tag: 'rota', access: 'user', response: 'ExemptionResponse[]' },
  cancelExemption: { method: 'POST', path: '/rota/exemptions/:id/cancel', summary: 'Withdraw my exemption request', tag: 'rota', access: 'user', response: 'ExemptionResponse' },
  reviewExemption: { method: 'POST', path: '/admin/rota/exemptions/:id/review', summary: 'Approve or reject an exemption', tag: 'rota', access: 'user', body: rotaReviewSchema, response: 'ExemptionResponse' },
} as const satisfies Record<string, EndpointSpec>;

/** Response type per rota endpoint, for the client's typed request layer. */
export interface RotaResponseMap {
  registerShop: ParticipantResponse;
  myParticipants: ParticipantResponse[];
  updateParticipant: ParticipantResponse;
  addParticipantStaff: ParticipantResponse;
  removeParticipantStaff: ParticipantResponse;
  participantQueue: ParticipantResponse[];
  reviewParticipant: ParticipantResponse;
  rotas: RotaSummaryResponse[];
  joinRota: RotaMemberResponse;
  leaveRota: RotaMemberResponse;
  roster: RosterResponse;
  rosterCsv: string;
  adminRotas: RotaSummaryResponse[];
  createRota: RotaDetailResponse;
  adminRota: RotaDetailResponse;
  updateRota: RotaDetailResponse;
  enrolMembers: RotaDetailResponse;
  attendance: AttendanceResponse;
  reviewMember: RotaMemberResponse;
  removeMember: RotaMemberResponse;
  myDuty: MyDutyResponse;
  duty: DutyDetailResponse;
  checkin: CheckinResponse;
  handover: DutyDetailResponse;
  requestSwap: SwapResponse;
  mySwaps: SwapResponse[];
  swap: SwapResponse;
  respondSwap: SwapResponse;
  cancelSwap: SwapResponse;
  reviewSwap: SwapResponse;
  requestExemption: ExemptionResponse;
  myExemptions: ExemptionResponse[];
  cancelExemption: ExemptionResponse;
  reviewExemption: ExemptionResponse;
}

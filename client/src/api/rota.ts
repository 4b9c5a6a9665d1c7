import type {
  AddStaffInput,
  CheckinInput,
  CreateRotaFormInput,
  EnrolMembersInput,
  HandoverInput,
  JoinRotaInput,
  RegisterShopInput,
  RequestExemptionInput,
  RequestSwapInput,
  RotaReviewInput,
  UpdateParticipantInput,
  UpdateRotaInput,
} from '@linli/shared';
import { API_BASE } from '../constants/env';
import { call } from './request';
import { downloadFile } from './download';

/** The watch rotas (轮值轮防): shops, rotas, my duty week, swaps, exemptions, check-ins (issue 6). */

// participants
export const registerShop = (input: Partial<RegisterShopInput>) => call('registerShop', { body: input as RegisterShopInput });
export const fetchMyParticipants = () => call('myParticipants', {});
export const updateParticipant = (id: number, input: UpdateParticipantInput) => call('updateParticipant', { params: { id }, body: input });
export const addStaff = (id: number, input: AddStaffInput) => call('addParticipantStaff', { params: { id }, body: input });
export const removeStaff = (id: number, userId: number) => call('removeParticipantStaff', { params: { id, userId } });
export const fetchShopQueue = () => call('participantQueue', {});
export const reviewShop = (id: number, input: RotaReviewInput) => call('reviewParticipant', { params: { id }, body: input });

// rotas
export const fetchRotas = (unitId?: number) => call('rotas', { query: unitId ? { unitId } : {} });
export const joinRota = (id: number, input: JoinRotaInput) => call('joinRota', { params: { id }, body: input });
export const leaveRota = (id: number, participantId: number) => call('leaveRota', { params: { id }, body: { participantId } });
export const fetchRoster = (id: number, weeks?: number) => call('roster', { params: { id }, query: weeks ? { weeks } : {} });
export const fetchManagedRotas = () => call('adminRotas', {});
export const createRota = (input: CreateRotaFormInput) => call('createRota', { body: input });
export const fetchRotaDetail = (id: number) => call('adminRota', { params: { id } });
export const updateRota = (id: number, input: UpdateRotaInput) => call('updateRota', { params: { id }, body: input });
export const enrolMembers = (id: number, input: Partial<EnrolMembersInput>) => call('enrolMembers', { params: { id }, body: input as EnrolMembersInput });
export const fetchAttendance = (id: number) => call('attendance', { params: { id } });
export const reviewMember = (id: number, input: RotaReviewInput) => call('reviewMember', { params: { id }, body: input });
export const removeMember = (id: number) => call('removeMember', { params: { id } });

// duties
export const fetchMyDuty = () => call('myDuty', {});
export const fetchDuty = (id: number) => call('duty', { params: { id } });
export const checkin = (id: number, input: CheckinInput) => call('checkin', { params: { id }, body: input });
export const saveHandover = (id: number, input: HandoverInput) => call('handover', { params: { id }, body: input });
export const requestSwap = (dutyId: number, input: RequestSwapInput) => call('requestSwap', { params: { id: dutyId }, body: input });

// swaps and exemptions
export const fetchMySwaps = () => call('mySwaps', {});
export const fetchSwap = (id: number) => call('swap', { params: { id } });
export const respondSwap = (id: number, accept: boolean) => call('respondSwap', { params: { id }, body: { accept } });
export const cancelSwap = (id: number) => call('cancelSwap', { params: { id } });
export const reviewSwap = (id: number, input: RotaReviewInput) => call('reviewSwap', { params: { id }, body: input });
export const requestExemption = (input: RequestExemptionInput) => call('requestExemption', { body: input });
export const fetchMyExemptions = () => call('myExemptions', {});
export const cancelExemption = (id: number) => call('cancelExemption', { params: { id } });
export const reviewExemption = (id: number, input: RotaReviewInput) => call('reviewExemption', { params: { id }, body: input });

/** The roster CSV's address (public: no token needed), for a link or a download. */
export const rosterCsvUrl = (id: number, weeks = 26) => `${API_BASE}/rota/rotas/${id}/roster.csv?weeks=${weeks}`;

/**
 * H5: downloads the roster CSV (UTF-8 with BOM, for Excel and printing). The mini-program cannot save
 * arbitrary files: it copies the link instead.
 */
export async function downloadRosterCsv(id: number): Promise<void> {
  return downloadFile(rosterCsvUrl(id), `rota-${id}.csv`, { withToken: false });
}

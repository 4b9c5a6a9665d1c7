import Taro from '@tarojs/taro';
import type {
  AlertFeedQuery,
  AlertRecipientsQuery,
  ChangeMemberRoleInput,
  CreateAlertInput,
  CreateGroupInput,
  CreateTipInput,
  GroupMembersQuery,
  JoinGroupInput,
  RemoveMemberInput,
  ReplyTipInput,
  ReviewMemberInput,
  TipActionInput,
  TipListQuery,
  TipToTicketInput,
  UpdateGroupInput,
  WechatGroupContextInput,
  WithdrawAlertInput,
} from '@linli/shared';
import { API_BASE } from '../constants/env';
import { sessionStore } from '../stores/session';
import { call, clientError, toApiError } from './request';

/** Neighbourhood groups, police alerts and tips (issue 7): typed calls over the shared contract. */

// groups
export const fetchMyGroups = () => call('myGroups');
export const createGroup = (input: CreateGroupInput) => call('createGroup', { body: input });
export const fetchGroupPreview = (code: string) => call('groupPreview', { params: { code } });
export const joinGroup = (input: Partial<JoinGroupInput> & Pick<JoinGroupInput, 'code' | 'kind'>) => call('joinGroup', { body: input });
export const suggestWechatGroups = (input: WechatGroupContextInput) => call('wechatGroupSuggest', { body: input });
export const fetchGroup = (id: number) => call('groupDetail', { params: { id } });
export const updateGroup = (id: number, input: UpdateGroupInput) => call('updateGroup', { params: { id }, body: input });
export const rotateInviteCode = (id: number) => call('rotateInviteCode', { params: { id } });
export const linkWechatGroup = (id: number, input: WechatGroupContextInput) => call('linkWechatGroup', { params: { id }, body: input });
export const fetchGroupMembers = (id: number, query: Partial<GroupMembersQuery> = {}) => call('groupMembers', { params: { id }, query });
export const reviewGroupMember = (id: number, userId: number, input: ReviewMemberInput) => call('reviewGroupMember', { params: { id, userId }, body: input });
export const changeGroupMemberRole = (id: number, userId: number, input: ChangeMemberRoleInput) => call('changeGroupMemberRole', { params: { id, userId }, body: input });
export const removeGroupMember = (id: number, userId: number, input: RemoveMemberInput) => call('removeGroupMember', { params: { id, userId }, body: input });
export const leaveGroup = (id: number) => call('leaveGroup', { params: { id } });

// alerts
export const createAlert = (input: Partial<CreateAlertInput> & Pick<CreateAlertInput, 'type' | 'severity' | 'title' | 'body' | 'expiresAt'>) =>
  call('createAlert', { body: input });
export const fetchAlertFeed = (query: Partial<AlertFeedQuery> = {}) => call('alertFeed', { query });
export const fetchPostedAlerts = (query: Partial<AlertFeedQuery> = {}) => call('postedAlerts', { query });
export const fetchAlert = (id: number) => call('alertDetail', { params: { id } });
export const acknowledgeAlert = (id: number) => call('acknowledgeAlert', { params: { id } });
export const fetchAlertRecipients = (id: number, query: Partial<AlertRecipientsQuery> = {}) => call('alertRecipients', { params: { id }, query });
export const remindAlert = (id: number) => call('remindAlert', { params: { id } });
export const withdrawAlert = (id: number, input: WithdrawAlertInput) => call('withdrawAlert', { params: { id }, body: input });

// tips
export const createTip = (input: Partial<CreateTipInput> & Pick<CreateTipInput, 'text'>) => call('createTip', { body: input });
export const fetchMyTips = (query: Partial<TipListQuery> = {}) => call('myTips', { query });
export const fetchStationTips = (query: Partial<TipListQuery> = {}) => call('stationTips', { query });
export const fetchTip = (id: number) => call('tipDetail', { params: { id } });
export const markTipUseful = (id: number, input: TipActionInput = {}) => call('markTipUseful', { params: { id }, body: input });
export const tipToTicket = (id: number, input: Partial<TipToTicketInput> = {}) => call('tipToTicket', { params: { id }, body: input });
export const replyTip = (id: number, input: ReplyTipInput) => call('replyTip', { params: { id }, body: input });

/**
 * The group's mini-program code as a data URL for <Image> (the endpoint answers image bytes and needs the
 * bearer token, which an <Image src> cannot send).
 */
export async function fetchGroupQrCodeDataUrl(id: number): Promise<string> {
  const token = sessionStore.token();
  let res: Taro.request.SuccessCallbackResult<ArrayBuffer>;
  try {
    res = await Taro.request<ArrayBuffer>({
      url: `${API_BASE}/groups/${id}/qrcode`,
      method: 'GET',
      header: token ? { Authorization: `Bearer ${token}` } : {},
      responseType: 'arraybuffer',
      timeout: 20_000,
    });
  } catch {
    throw clientError('NETWORK_ERROR');
  }
  if (res.statusCode !== 200) {
    let body: unknown = null;
    try {
      body = JSON.parse(decodeURIComponent(escape(String.fromCharCode(...new Uint8Array(res.data)))));
    } catch {
      // not JSON
    }
    throw toApiError(res.statusCode, body);
  }
  return `data:image/png;base64,${Taro.arrayBufferToBase64(res.data)}`;
}

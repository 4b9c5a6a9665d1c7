import type { EndpointSpec } from './contract';
import type { Page } from '../types/api';
import type {
  AlertRecipientResponse,
  AlertRemindResponse,
  AlertResponse,
  GroupMemberResponse,
  GroupPreviewResponse,
  GroupResponse,
  TipResponse,
} from '../types/alert';
import {
  alertFeedQuerySchema,
  alertRecipientsQuerySchema,
  changeMemberRoleSchema,
  createAlertSchema,
  createGroupSchema,
  createTipSchema,
  groupMembersQuerySchema,
  joinGroupSchema,
  removeMemberSchema,
  replyTipSchema,
  reviewMemberSchema,
  tipActionSchema,
  tipListQuerySchema,
  tipToTicketSchema,
  updateGroupSchema,
  wechatGroupContextSchema,
  withdrawAlertSchema,
} from '../schemas/alert.schema';

/** Endpoints of the neighbourhood groups, police alerts, acknowledgements, tips (issue 7). */
export const ALERT_API = {
  // groups
  myGroups: { method: 'GET', path: '/groups', summary: 'Groups I belong to, asked to join or run', tag: 'groups', access: 'user', response: 'GroupResponse[]' },
  createGroup: { method: 'POST', path: '/groups', summary: 'Create a neighbourhood group for a unit (community police or admin)', tag: 'groups', access: 'user', body: createGroupSchema, response: 'GroupResponse' },
  groupPreview: { method: 'GET', path: '/groups/invite/:code', summary: 'The group an invite code leads to (before joining)', tag: 'groups', access: 'user', response: 'GroupPreviewResponse' },
  joinGroup: { method: 'POST', path: '/groups/join', summary: 'Ask to join a group by invite code, mini-program code or share card (approval needed)', tag: 'groups', access: 'user', body: joinGroupSchema, response: 'GroupResponse' },
  wechatGroupSuggest: { method: 'POST', path: '/groups/wechat-suggest', summary: 'Groups associated with the WeChat group a share card was opened in', tag: 'groups', access: 'user', body: wechatGroupContextSchema, response: 'GroupPreviewResponse[]' },
  groupDetail: { method: 'GET', path: '/groups/:id', summary: 'One group with my membership and abilities', tag: 'groups', access: 'user', response: 'GroupResponse' },
  updateGroup: { method: 'PATCH', path: '/groups/:id', summary: 'Rename or describe a group (officer or admin)', tag: 'groups', access: 'user', body: updateGroupSchema, response: 'GroupResponse' },
  rotateInviteCode: { method: 'POST', path: '/groups/:id/invite-code', summary: 'Replace the invite code (old codes and QR codes stop working)', tag: 'groups', access: 'user', response: 'GroupResponse' },
  groupQrCode: { method: 'GET', path: '/groups/:id/qrcode', summary: 'Mini-program code (getwxacodeunlimit) opening the join page', tag: 'groups', access: 'user', response: 'image/png' },
  linkWechatGroup: { method: 'POST', path: '/groups/:id/wechat-group', summary: 'Associate the WeChat group a share card was opened in (officer)', tag: 'groups', access: 'user', body: wechatGroupContextSchema, response: 'GroupResponse' },
  groupMembers: { method: 'GET', path: '/groups/:id/members', summary: 'Members and join requests (officers, co-admins, admins)', tag: 'groups', access: 'user', query: groupMembersQuerySchema, response: 'Page<GroupMemberResponse>' },
  reviewGroupMember: { method: 'POST', path: '/groups/:id/members/:userId/review', summary: 'Approve or reject a join request', tag: 'groups', access: 'user', body: reviewMemberSchema, response: 'GroupMemberResponse' },
  changeGroupMemberRole: { method: 'PATCH', path: '/groups/:id/members/:userId', summary: 'Make a member officer, co-admin or member', tag: 'groups', access: 'user', body: changeMemberRoleSchema, response: 'GroupMemberResponse' },
  removeGroupMember: { method: 'POST', path: '/groups/:id/members/:userId/remove', summary: 'Remove a member (reason required, audited)', tag: 'groups', access: 'user', body: removeMemberSchema, response: 'GroupMemberResponse' },
  leaveGroup: { method: 'POST', path: '/groups/:id/leave', summary: 'Leave a group (or withdraw a join request)', tag: 'groups', access: 'user', response: 'GroupResponse' },
  // alerts
  createAlert: { method: 'POST', path: '/alerts', summary: 'Post an alert to groups and/or areas (community police)', tag: 'alerts', access: 'user', body: createAlertSchema, response: 'AlertResponse' },
  alertFeed: { method: 'GET', path: '/alerts/feed', summary: 'Alerts sent to me, newest first (keyset pages)', tag: 'alerts', access: 'user', query: alertFeedQuerySchema, response: 'Page<AlertResponse>' },
  postedAlerts: { method: 'GET', path: '/alerts/posted', summary: 'Alerts of the groups I run (officers, admins), with reach', tag: 'alerts', access: 'user', query: alertFeedQuerySchema, response: 'Page<AlertResponse>' },
  alertDetail: { method: 'GET', path: '/alerts/:id', summary: 'One alert (a recipient opening it counts as opened)', tag: 'alerts', access: 'user', response: 'AlertResponse' },
  acknowledgeAlert: { method: 'POST', path: '/alerts/:id/ack', summary: '收到: acknowledge an alert', tag: 'alerts', access: 'user', response: 'AlertResponse' },
  alertRecipients: { method: 'GET', path: '/alerts/:id/recipients', summary: 'Recipients with opened/acknowledged and WeChat delivery state', tag: 'alerts', access: 'user', query: alertRecipientsQuerySchema, response: 'Page<AlertRecipientResponse>' },
  remindAlert: { method: 'POST', path: '/alerts/:id/remind', summary: 'Remind who has not acknowledged an urgent alert', tag: 'alerts', access: 'user', response: 'AlertRemindResponse' },
  withdrawAlert: { method: 'POST', path: '/alerts/:id/withdraw', summary: 'Withdraw an alert (officer or admin; reason required, audited)', tag: 'alerts', access: 'user', body: withdrawAlertSchema, response: 'AlertResponse' },
  // tips
  createTip: { method: 'POST', path: '/tips', summary: 'Send a private tip or question to the officers of the station', tag: 'tips', access: 'user', body: createTipSchema, response: 'TipResponse' },
  myTips: { method: 'GET', path: '/tips/mine', summary: 'Tips and questions I sent', tag: 'tips', access: 'user', query: tipListQuerySchema, response: 'Page<TipResponse>' },
  stationTips: { method: 'GET', path: '/tips', summary: 'Tips of the groups of my station (community police)', tag: 'tips', access: 'user', query: tipListQuerySchema, response: 'Page<TipResponse>' },
  tipDetail: { method: 'GET', path: '/tips/:id', summary: 'One tip (its author or an officer of the station)', tag: 'tips', access: 'user', response: 'TipResponse' },
  markTipUseful: { method: 'POST', path: '/tips/:id/useful', summary: 'Mark a tip useful (points to its author through the ledger)', tag: 'tips', access: 'user', body: tipActionSchema, response: 'TipResponse' },
  tipToTicket: { method: 'POST', path: '/tips/:id/ticket', summary: 'Turn a tip into a ticket of the command centre', tag: 'tips', access: 'user', body: tipToTicketSchema, response: 'TipResponse' },
  replyTip: { method: 'POST', path: '/tips/:id/reply', summary: 'Answer a tip or question (optionally published on the alert)', tag: 'tips', access: 'user', body: replyTipSchema, response: 'TipResponse' },
} as const satisfies Record<string, EndpointSpec>;

/** Response type per alerts endpoint, for the client's typed request layer. */
export interface AlertResponseMap {
  myGroups: GroupResponse[];
  createGroup: GroupResponse;
  groupPreview: GroupPreviewResponse;
  joinGroup: GroupResponse;
  wechatGroupSuggest: GroupPreviewResponse[];
  groupDetail: GroupResponse;
  updateGroup: GroupResponse;
  rotateInviteCode: GroupResponse;
  groupQrCode: ArrayBuffer;
  linkWechatGroup: GroupResponse;
  groupMembers: Page<GroupMemberResponse>;
  reviewGroupMember: GroupMemberResponse;
  changeGroupMemberRole: GroupMemberResponse;
  removeGroupMember: GroupMemberResponse;
  leaveGroup: GroupResponse;
  createAlert: AlertResponse;
  alertFeed: Page<AlertResponse>;
  postedAlerts: Page<AlertResponse>;
  alertDetail: AlertResponse;
  acknowledgeAlert: AlertResponse;
  alertRecipients: Page<AlertRecipientResponse>;
  remindAlert: AlertRemindResponse;
  withdrawAlert: AlertResponse;
  createTip: TipResponse;
  myTips: Page<TipResponse>;
  stationTips: Page<TipResponse>;
  tipDetail: TipResponse;
  markTipUseful: TipResponse;
  tipToTicket: TipResponse;
  replyTip: TipResponse;
}

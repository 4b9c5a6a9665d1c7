import type { BindPhoneInput, CreateRoleRequestInput, DeleteAccountInput, UpdateProfileInput } from '@linli/shared';
import { sessionStore } from '../stores/session';
import { clearLocalData } from './auth';
import { call } from './request';

/** Loads the current user and keeps the session store in step. */
export async function fetchMe() {
  const user = await call('me');
  sessionStore.setUser(user);
  return user;
}

export async function updateMe(input: UpdateProfileInput) {
  const user = await call('updateMe', { body: input });
  sessionStore.setUser(user);
  return user;
}

export async function bindPhone(input: BindPhoneInput) {
  const user = await call('bindPhone', { body: input });
  sessionStore.setUser(user);
  return user;
}

export async function unbindPhone() {
  const user = await call('unbindPhone');
  sessionStore.setUser(user);
  return user;
}

export const exportMyData = () => call('exportMe');

export async function deleteAccount(input: DeleteAccountInput) {
  const res = await call('deleteMe', { body: input });
  clearLocalData();
  return res;
}

export const fetchMyRoleRequests = () => call('myRoleRequests');

export const createRoleRequest = (input: CreateRoleRequestInput) => call('createRoleRequest', { body: input });

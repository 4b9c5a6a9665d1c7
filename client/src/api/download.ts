import Taro from '@tarojs/taro';
import type { ErrorCode } from '@linli/shared';
import { sessionStore } from '../stores/session';
import { ApiError, clientError } from './request';

const CODE_BY_STATUS: Record<number, ErrorCode> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 422: 'VALIDATION_FAILED' };

/**
 * H5 only: fetches a file (a CSV export) and saves it through a temporary link, named as the server's
 * Content-Disposition says (else `fallbackName`). `withToken` sends the session's bearer token (admin
 * exports); public files (a rota's roster) go without. The mini-program cannot save arbitrary files, so
 * its pages show the data instead.
 * @throws ApiError NETWORK_ERROR, or the status's code with the server's message (else 导出失败).
 */
export async function downloadFile(url: string, fallbackName: string, opts: { withToken: boolean }): Promise<void> {
  const token = opts.withToken ? sessionStore.token() : null;
  let res: Response;
  try {
    res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw clientError('NETWORK_ERROR');
  }
  if (!res.ok) {
    let body: { message?: string } = {};
    try {
      body = await res.json();
    } catch {
      // not JSON
    }
    throw new ApiError({ code: CODE_BY_STATUS[res.status] ?? 'BAD_RESPONSE', status: res.status, message: body.message ?? '导出失败，请稍后再试' });
  }
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  void Taro.showToast({ title: '已开始下载', icon: 'none' });
}

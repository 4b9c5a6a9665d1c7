/** Mainland China mobile number: 11 digits starting with 1[3-9]. */
export function isMainlandMobile(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone);
}

/**
 * Masks a phone number for display: `13812341234` -> `138****1234`. Anything that is not an
 * 11-digit mobile keeps only its last 4 characters visible.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (isMainlandMobile(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  if (phone.length <= 4) return '*'.repeat(phone.length);
  return `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
}

import { Button, Text, Textarea, View } from '@tarojs/components';
import { createContentReportSchema, REPORT_REASONS, ReportReasonLabelZh, safeParseZh, type ModerationContentType, type ReportReason } from '@linli/shared';
import { useState } from 'react';
import { reportContent } from '../../api/moderation';
import { ApiError } from '../../api/request';
import { toastError, toastOk } from '../../utils/feedback';
import './index.scss';

interface Props {
  targetType: ModerationContentType;
  targetId: number;
  /** What is reported, for the sheet's title, e.g. "昵称“李阿姨”". */
  subject?: string;
}

/**
 * 举报: pick a reason, add a few words if wanted, submit. Once filed (or when an earlier report of this
 * user is still open) it shows 已举报 and cannot be tapped again.
 */
export default function ReportContentButton({ targetType, targetId, subject }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reported, setReported] = useState(false);
  const key = `${targetType}-${targetId}`;

  if (reported) {
    return (
      <Text id={`report-done-${key}`} className='report-btn report-btn--done'>
        已举报
      </Text>
    );
  }

  const submit = async () => {
    const parsed = safeParseZh(createContentReportSchema, { targetType, targetId, reason: reason ?? undefined, note: note || undefined });
    if (!parsed.success) {
      setError(parsed.fields.reason ?? parsed.fields.note ?? Object.values(parsed.fields)[0] ?? '请检查填写内容');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await reportContent(parsed.data);
      toastOk('已举报，感谢反馈');
      setReported(true);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONTENT_REPORT_OPEN') {
        setReported(true);
        return;
      }
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <Text id={`report-${key}`} className='report-btn' onClick={() => setOpen(true)}>
        举报
      </Text>
    );
  }

  return (
    <View className='report-sheet' id={`report-sheet-${key}`}>
      <Text className='report-sheet__title'>举报{subject ? ` ${subject}` : ''}：请选择原因</Text>
      <View className='report-sheet__reasons'>
        {REPORT_REASONS.map((r) => (
          <Text
            key={r}
            id={`report-reason-${key}-${r}`}
            className={`report-sheet__reason${reason === r ? ' report-sheet__reason--on' : ''}`}
            onClick={() => setReason(r)}
          >
            {ReportReasonLabelZh[r]}
          </Text>
        ))}
      </View>
      <Textarea
        id={`report-note-${key}`}
        className='textarea'
        value={note}
        maxlength={200}
        autoHeight
        placeholder='补充说明（选填）'
        onInput={(e) => setNote(e.detail.value)}
      />
      {error && <Text className='field__error'>{error}</Text>}
      <View className='btn-group'>
        <Button className='btn btn--plain' disabled={busy} onClick={() => setOpen(false)}>
          取消
        </Button>
        <Button id={`report-submit-${key}`} className={`btn btn--danger${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={submit}>
          提交举报
        </Button>
      </View>
    </View>
  );
}

import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { importDivisionsSchema, importGridsSchema, safeParseZh, UnitLimits, type ImportReport } from '@linli/shared';
import { useState } from 'react';
import { importDivisions, importGrids } from '../../../../api/admin';
import { ApiError, errorMessage } from '../../../../api/request';
import { IS_H5, IS_WEAPP } from '../../../../constants/env';
import { toastOk } from '../../../../utils/feedback';

type Kind = 'divisions' | 'grids';

const COPY: Record<Kind, { title: string; desc: string; placeholder: string; accept: string; ext: string[]; ids: { input: string; file: string; preview: string; apply: string; report: string } }> = {
  divisions: {
    title: '导入区划（CSV）',
    desc: '表头为 code,name,level,parent_code，UTF-8 编码。level 取 district / street / community / grid。先预览，确认无误后再导入。',
    placeholder: 'code,name,level,parent_code\n320115,江宁区,district,32\n320115001,东山街道,street,320115',
    accept: '.csv,text/csv,text/plain',
    ext: ['csv', 'txt'],
    ids: { input: 'units-csv-input', file: 'units-csv-file', preview: 'units-import-preview', apply: 'units-import-apply', report: 'units-import-report' },
  },
  grids: {
    title: '导入网格边界（GeoJSON）',
    desc: 'FeatureCollection，每个要素为 Polygon，properties 含 code、name、parent_code，坐标为 GCJ-02 经纬度。',
    placeholder: '{"type":"FeatureCollection","features":[…]}',
    accept: '.geojson,.json,application/geo+json,application/json',
    ext: ['geojson', 'json'],
    ids: { input: 'grids-geojson-input', file: 'grids-geojson-file', preview: 'grids-import-preview', apply: 'grids-import-apply', report: 'grids-import-report' },
  },
};

/** Paste (or pick) a file, preview with dryRun, then apply the same text. */
export default function ImportPanel({ kind, onApplied }: { kind: Kind; onApplied: () => void }) {
  const copy = COPY[kind];
  const [text, setText] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [previewed, setPreviewed] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const canApply = previewed !== null && previewed === text && report !== null && report.dryRun && report.created + report.updated > 0;

  const run = async (dryRun: boolean) => {
    setError(null);
    const parsed =
      kind === 'divisions' ? safeParseZh(importDivisionsSchema, { csv: text, dryRun }) : safeParseZh(importGridsSchema, { geojson: text, dryRun });
    if (!parsed.success) {
      setError(Object.values(parsed.fields)[0] ?? '内容有误');
      return;
    }
    setBusy(dryRun ? 'preview' : 'apply');
    try {
      const result =
        kind === 'divisions' ? await importDivisions({ csv: text, dryRun }) : await importGrids({ geojson: text, dryRun });
      setReport(result);
      if (dryRun) {
        setPreviewed(text);
      } else {
        setPreviewed(null);
        toastOk('导入完成');
        onApplied();
      }
    } catch (e) {
      setReport(null);
      setPreviewed(null);
      // Import errors carry useful detail (which line, which field) in the server's own message.
      const detail = e instanceof ApiError && e.serverMessage && e.serverMessage !== e.message ? `：${e.serverMessage}` : '';
      const fields = e instanceof ApiError ? Object.values(e.fields) : [];
      setError(`${errorMessage(e)}${detail}${fields.length ? `（${fields.join('；')}）` : ''}`);
    } finally {
      setBusy(null);
    }
  };

  const handleFile = async (ev: { target: { files?: FileList | null; value?: string } }) => {
    const file = ev.target.files?.[0];
    if (!file) return;
    try {
      setText(await file.text());
      setReport(null);
      setPreviewed(null);
    } catch {
      setError('无法读取该文件');
    }
  };

  const handleChooseWechatFile = async () => {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: copy.ext });
      const path = res.tempFiles[0]?.path;
      if (!path) return;
      const content = Taro.getFileSystemManager().readFileSync(path, 'utf8');
      setText(typeof content === 'string' ? content : '');
      setReport(null);
      setPreviewed(null);
    } catch (e) {
      const msg = (e as { errMsg?: string })?.errMsg ?? '';
      if (!/cancel/i.test(msg)) setError('无法读取该文件');
    }
  };

  const lines = text ? text.split(/\r?\n/).filter((l) => l.trim()).length : 0;
  const maxChars = kind === 'divisions' ? UnitLimits.maxCsvChars : UnitLimits.maxGeoJsonChars;

  return (
    <View className='card import-panel' id={`import-${kind}`}>
      <Text className='card__title'>{copy.title}</Text>
      <Text className='card__desc'>{copy.desc}</Text>

      {IS_H5 && (
        <View className='import-panel__file'>
          <Text className='field__label'>选择文件</Text>
          <input id={copy.ids.file} type='file' accept={copy.accept} onChange={handleFile} />
        </View>
      )}
      {IS_WEAPP && (
        <Button className='btn btn--plain import-panel__file' onClick={handleChooseWechatFile}>
          从微信聊天中选择文件
        </Button>
      )}

      <View className='field'>
        <Text className='field__label'>或粘贴内容</Text>
        <Textarea
          id={copy.ids.input}
          className='textarea textarea--code'
          value={text}
          maxlength={maxChars}
          placeholder={copy.placeholder}
          onInput={(e) => {
            setText(e.detail.value);
          }}
        />
        <Text className='field__hint'>
          共 {text.length} 个字符{kind === 'divisions' ? `，${Math.max(0, lines - 1)} 个数据行` : ''}
          {previewed !== null && previewed !== text ? '。内容已修改，请重新预览' : ''}
        </Text>
      </View>

      {error && (
        <Text className='field__error import-panel__error' id={`${copy.ids.report}-error`}>
          {error}
        </Text>
      )}

      <View className='btn-group'>
        <Button id={copy.ids.preview} className={`btn btn--plain${busy !== null || !text.trim() ? ' btn--disabled' : ''}`} loading={busy === 'preview'} disabled={busy !== null || !text.trim()} onClick={() => run(true)}>
          预览（不写入）
        </Button>
        <Button id={copy.ids.apply} className={`btn${busy !== null || !canApply ? ' btn--disabled' : ''}`} loading={busy === 'apply'} disabled={busy !== null || !canApply} onClick={() => run(false)}>
          确认导入
        </Button>
      </View>
      {report?.dryRun && report.created + report.updated === 0 && <Text className='field__hint'>预览结果没有需要写入的变更。</Text>}
      {canApply && report && report.rejected.length > 0 && (
        <Text className='field__hint' id={`${copy.ids.report}-partial`}>
          注意：有 {report.rejected.length} 行被拒绝，确认导入只会写入其余 {report.created + report.updated} 条变更。
        </Text>
      )}

      {report && <ReportView id={copy.ids.report} report={report} />}
    </View>
  );
}

function ReportView({ id, report }: { id: string; report: ImportReport }) {
  return (
    <View id={id} className='import-report' data-dry-run={report.dryRun ? 'true' : 'false'}>
      <Text className='import-report__title'>{report.dryRun ? '预览结果（尚未写入）' : '导入结果（已写入）'}</Text>
      <View className='import-report__counts'>
        <Stat label='新增' value={report.created} kind='created' />
        <Stat label='更新' value={report.updated} kind='updated' />
        <Stat label='未变' value={report.unchanged} kind='unchanged' />
        <Stat label='拒绝' value={report.rejected.length} kind='rejected' />
      </View>
      {report.rejected.length > 0 && (
        <View className='import-report__rejected'>
          <Text className='import-report__sub'>被拒绝的行（{report.rejected.length}）</Text>
          {report.rejected.slice(0, 200).map((r, i) => (
            <View key={`${r.line}-${i}`} className='import-report__row'>
              <Text className='tag tag--bad'>第 {r.line} 行</Text>
              <Text className='import-report__reason'>
                {r.code ? `${r.code}：` : ''}
                {r.reason}
              </Text>
            </View>
          ))}
          {report.rejected.length > 200 && <Text className='muted'>另有 {report.rejected.length - 200} 行未显示</Text>}
        </View>
      )}
      {report.changedCodes.length > 0 && (
        <View className='import-report__changed'>
          <Text className='import-report__sub'>{report.dryRun ? '将新增或更新的编码' : '已新增或更新的编码'}</Text>
          <Text className='muted import-report__codes'>{report.changedCodes.join('、')}</Text>
        </View>
      )}
    </View>
  );
}

function Stat({ label, value, kind }: { label: string; value: number; kind: string }) {
  return (
    <View className={`import-report__stat import-report__stat--${kind}`} data-kind={kind}>
      <Text className='import-report__num'>{value}</Text>
      <Text className='import-report__label'>{label}</Text>
    </View>
  );
}

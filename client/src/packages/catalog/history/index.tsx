import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import {
  DepartmentNameZh,
  formatTimeLimit,
  type CategoryVersionResponse,
  type MajorCategoryDefinition,
  type MinorCategoryDefinition,
} from '@linli/shared';
import { useState } from 'react';
import { fetchCategoryVersions } from '../../../api/categories';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { formatDateTime } from '../../../utils/format';
import { FieldLabelZh, isAdminUser } from '../utils';
import '../catalog.scss';

/** Every saved version of a category, newest first: who, when, why, what changed; tap for the full version. */
export default function CatalogHistoryPage() {
  return (
    <PageWrapper className='catalog-history'>
      <LoginGate>
        <History />
      </LoginGate>
    </PageWrapper>
  );
}

function History() {
  const { params } = useRouter();
  const { user, token } = useSession();
  const code = params.code ? decodeURIComponent(params.code) : '';
  const admin = isAdminUser(user);
  const versions = useRequest(() => fetchCategoryVersions(code), [token, code], { enabled: admin && Boolean(code) });
  const [open, setOpen] = useState<number | null>(null);

  if (!admin) return <Empty message='没有权限' description='只有管理员可以查看类别目录' />;
  if (!code) return <Empty message='未指定类别' description='请从类别目录中打开一个类别，再查看它的版本历史' />;
  if (versions.loading) return <Loading />;
  if (versions.error) return <ErrorState error={versions.error} onRetry={versions.reload} />;
  if (versions.empty) return <Empty message='没有版本记录' />;

  return (
    <View id='catalog-versions'>
      <Text className='section-title'>{code} 的版本（已上报的工单按上报时的版本办理）</Text>
      {(versions.data ?? []).map((v) => (
        <View key={v.version} className='card' id={`catalog-version-${v.version}`} onClick={() => setOpen(open === v.version ? null : v.version)}>
          <View className='row row--between'>
            <Text className='catalog-entry__name'>第 {v.version} 版</Text>
            <Text className='muted'>{formatDateTime(v.createdAt)}</Text>
          </View>
          <Text className='muted catalog-entry__line'>
            {v.editor ? `修改人：${v.editor.nickname}` : '系统内置'}
            {v.note ? ` · ${v.note}` : ''}
          </Text>
          {v.changed.length > 0 && <Text className='catalog-version__changed'>修改了：{v.changed.map((f) => FieldLabelZh[f] ?? f).join('、')}</Text>}
          {open === v.version && <Text className='catalog-version__detail'>{describe(v)}</Text>}
        </View>
      ))}
    </View>
  );
}

/** A readable summary of one version. */
function describe(v: CategoryVersionResponse): string {
  if (v.kind === 'major') {
    const m = v.snapshot as MajorCategoryDefinition;
    return `名称：${m.name}\n所属领域：${m.domain}\n状态：${m.active ? '启用' : '已停用'}`;
  }
  const m = v.snapshot as MinorCategoryDefinition;
  return [
    `名称：${m.name}`,
    `责任部门：${m.departments.map((d) => DepartmentNameZh[d] ?? d).join('、')}`,
    `立案时限：${formatTimeLimit(m.fileLimit)}；处置时限：${formatTimeLimit(m.handleLimit)}`,
    `照片：${m.evidence.minPhotos}-${m.evidence.maxPhotos} 张；查重：${m.duplicateRadiusMeters} 米 / ${m.duplicateWindowHours} 小时`,
    `${m.onSpotFixable ? '可当场处置' : '需派遣处置'}；${m.sensitive ? '敏感' : '公开'}${m.protectedReporterSuggested ? '；建议保护举报人' : ''}；${m.active ? '启用' : '已停用'}`,
    `补充问题：${m.questions.length ? m.questions.map((q) => q.label + (q.required ? '（必答）' : '')).join('、') : '无'}`,
  ].join('\n');
}

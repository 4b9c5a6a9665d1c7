import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import Empty from '../../../components/Empty';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { useSession } from '../../../hooks/useSession';
import ImportPanel from './components/ImportPanel';
import UnitTree from './components/UnitTree';
import './index.scss';

export default function AdminUnits() {
  return (
    <PageWrapper className='admin-units'>
      <LoginGate>
        <Content />
      </LoginGate>
    </PageWrapper>
  );
}

function Content() {
  const { user } = useSession();
  // Bumped after an import so the tree reloads.
  const [version, setVersion] = useState(0);
  if (!user?.abilities.manageUnits) return <Empty message='没有权限' description='只有管理员可以管理辖区' />;
  return (
    <View>
      <Text className='section-title'>辖区树（点击展开或收起）</Text>
      <View className='card admin-units__tree'>
        <UnitTree version={version} />
      </View>
      <Text className='section-title'>导入</Text>
      <ImportPanel kind='divisions' onApplied={() => setVersion((v) => v + 1)} />
      <ImportPanel kind='grids' onApplied={() => setVersion((v) => v + 1)} />
    </View>
  );
}

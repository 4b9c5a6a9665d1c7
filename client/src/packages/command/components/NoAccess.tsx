import Empty from '../../../components/Empty';

/** Shown to someone without the role a staff page is for. */
export default function NoAccess({ who }: { who: string }) {
  return <Empty message='没有权限' description={`这个页面供${who}使用。如需开通，请在“我的申请”中申请相应身份。`} />;
}

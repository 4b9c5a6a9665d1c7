import { Button, Input, Text, View } from '@tarojs/components';
import type { BaseEventOrig } from '@tarojs/components';
import { safeParseZh, updateProfileSchema, type MediaResponse, type UpdateProfileInput, type UserResponse } from '@linli/shared';
import { useEffect, useState } from 'react';
import { bindPhone, unbindPhone, updateMe } from '../../../api/me';
import { ApiError } from '../../../api/request';
import LoginGate from '../../../components/LoginGate';
import Avatar from '../../../components/Avatar';
import PageWrapper from '../../../components/PageWrapper';
import PhotoUploader from '../../../components/PhotoUploader';
import { IS_WEAPP } from '../../../constants/env';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import type { PickedImage } from '../../../utils/pick-images';
import './index.scss';

/** errno of getPhoneNumber when the account's phone verification quota is used up. */
const PHONE_QUOTA_ERRNO = 1400001;

export default function Profile() {
  return (
    <PageWrapper className='profile'>
      <LoginGate>
        <ProfileForm />
      </LoginGate>
    </PageWrapper>
  );
}

function ProfileForm() {
  const { user } = useSession();
  if (!user) return null;
  return (
    <View>
      <AvatarCard user={user} />
      <NicknameCard user={user} />
      <PhoneCard user={user} />
    </View>
  );
}

async function save(input: UpdateProfileInput, setErrors: (f: Record<string, string>) => void): Promise<boolean> {
  const parsed = safeParseZh(updateProfileSchema, input);
  if (!parsed.success) {
    setErrors(parsed.fields);
    return false;
  }
  try {
    const saved = await updateMe(parsed.data);
    setErrors({});
    // A nickname held by the content check stays private until a moderator approves it.
    toastOk(saved.held?.nickname ? '新昵称已提交审核，通过后生效' : '已保存');
    return true;
  } catch (e) {
    if (e instanceof ApiError && Object.keys(e.fields).length) setErrors(e.fields);
    toastError(e);
    return false;
  }
}

function AvatarCard({ user }: { user: UserResponse }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The photo is uploaded first (progress, 取消, 重试 in PhotoUploader); then its stable URL is saved.
  const handleUploaded = (media: MediaResponse) => {
    if (media.avatarPath) void save({ avatarUrl: media.avatarPath }, setErrors);
  };
  // WeChat: the chooseAvatar button gives a local temporary path. H5: PhotoUploader's file picker.
  const renderAdd = IS_WEAPP
    ? (add: (files: PickedImage[]) => void) => (
        <Button
          id='profile-avatar-choose'
          className='btn btn--plain btn--inline'
          openType='chooseAvatar'
          onChooseAvatar={(e: BaseEventOrig<{ avatarUrl?: string }>) => e.detail.avatarUrl && add([{ path: e.detail.avatarUrl }])}
        >
          更换头像
        </Button>
      )
    : undefined;
  return (
    <View className='card'>
      <Text className='card__title'>头像</Text>
      <View className='profile__avatar-row'>
        <Avatar id={user.avatarUrl ? 'profile-avatar-image' : undefined} avatarUrl={user.avatarUrl} nickname={user.nickname} />
        <PhotoUploader id='profile-avatar' purpose='avatar' max={1} clearOnDone onUploaded={handleUploaded} renderAdd={renderAdd} addLabel='更换头像' />
      </View>
      {errors.avatarUrl && <Text className='field__error'>{errors.avatarUrl}</Text>}
    </View>
  );
}

function NicknameCard({ user }: { user: UserResponse }) {
  const [nickname, setNickname] = useState(user.nickname);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setNickname(user.nickname), [user.nickname]);

  const handleSave = async () => {
    setBusy(true);
    await save({ nickname }, setErrors);
    setBusy(false);
  };
  const err = errors.nickname ?? errors._;
  return (
    <View className='card'>
      <View className={`field${err ? ' field--invalid' : ''}`}>
        <Text className='field__label'>昵称</Text>
        <Input
          id='profile-nickname'
          className='input'
          type={IS_WEAPP ? 'nickname' : 'text'}
          value={nickname}
          maxlength={20}
          placeholder='请输入昵称'
          onInput={(e) => setNickname(e.detail.value)}
          onBlur={(e) => setNickname(e.detail.value)}
        />
        {err ? <Text className='field__error'>{err}</Text> : <Text className='field__hint'>最多 20 个字{IS_WEAPP ? '，可直接使用微信昵称' : ''}</Text>}
      </View>
      <Button id='profile-nickname-save' className={`btn${busy || nickname.trim() === user.nickname ? ' btn--disabled' : ''}`} loading={busy} disabled={busy || nickname.trim() === user.nickname} onClick={handleSave}>
        保存昵称
      </Button>
    </View>
  );
}

function PhoneCard({ user }: { user: UserResponse }) {
  const [busy, setBusy] = useState(false);

  const handleGetPhoneNumber = async (e: BaseEventOrig<{ errMsg: string; code?: string; errno?: number }>) => {
    const { errMsg, code, errno } = e.detail;
    if (errno === PHONE_QUOTA_ERRNO) {
      void toastError(new ApiError({ code: 'RATE_LIMITED', status: 0, message: '手机号验证次数已用完，请稍后再试' }));
      return;
    }
    if (!code) {
      // User tapped 拒绝 / 取消, or declined the privacy agreement.
      const message = /deny|cancel|privacy/i.test(errMsg ?? '') ? '您未授权手机号，可稍后再绑定' : '获取手机号失败，请稍后再试';
      void toastError(new ApiError({ code: 'BAD_RESPONSE', status: 0, message }));
      return;
    }
    setBusy(true);
    try {
      await bindPhone({ code });
      toastOk('手机号已绑定');
    } catch (err) {
      toastError(err);
    } finally {
      setBusy(false);
    }
  };

  const handleUnbind = async () => {
    if (!(await confirm('解绑手机号', '解绑后我们将删除保存的手机号，工作人员将无法通过电话联系您。', '解绑'))) return;
    setBusy(true);
    try {
      await unbindPhone();
      toastOk('已解绑');
    } catch (err) {
      toastError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card'>
      <Text className='card__title'>手机号</Text>
      <Text id='profile-phone' className='profile__phone'>
        {user.phoneMasked ?? '未绑定'}
      </Text>
      <Text className='card__desc'>手机号仅用于工作人员处理您的申请或事项时联系您，加密保存，只显示部分号码。</Text>
      <View className='btn-group'>
        {user.phoneMasked ? (
          <Button id='profile-phone-unbind' className={`btn btn--danger-plain${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleUnbind}>
            解绑手机号
          </Button>
        ) : IS_WEAPP ? (
          <Button id='profile-phone-bind' className={`btn${busy ? ' btn--disabled' : ''}`} openType='getPhoneNumber' loading={busy} disabled={busy} onGetPhoneNumber={handleGetPhoneNumber}>
            绑定微信手机号
          </Button>
        ) : (
          <Text className='muted'>请在微信小程序中绑定手机号</Text>
        )}
      </View>
    </View>
  );
}

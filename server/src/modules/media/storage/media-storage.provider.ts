import { Config, Destroy, Init, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { LinliConfig } from '../../../config/config.default';
import { MediaLinkSigner } from '../media.link-signer';
import { LocalDiskStorage } from './local-disk.storage';
import type { MediaStorage } from './media-storage';
import { S3Storage } from './s3.storage';

/** The configured media storage (MEDIA_STORAGE=local|s3), built once. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class MediaStorageProvider {
  @Config('linli')
  config: LinliConfig;

  @Inject()
  signer: MediaLinkSigner;

  private storage: MediaStorage;

  @Init()
  init() {
    const m = this.config.media;
    this.storage =
      m.storage === 's3'
        ? new S3Storage(m.s3)
        : new LocalDiskStorage(m.localDir, (ref, exp) => this.signer.localUrl(ref, exp));
  }

  get(): MediaStorage {
    return this.storage;
  }

  @Destroy()
  close() {
    if (this.storage instanceof S3Storage) this.storage.destroy();
  }
}

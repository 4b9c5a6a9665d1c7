import type { MyFeatureData } from '@linli/shared';
import type { EntityManager } from 'typeorm';

/** A section of the export a feature module contributes (`tickets`, `points`, `rota`, `groups`). */
export type PersonalDataSection = keyof MyFeatureData;

/**
 * Reads and presents one feature's records of `userId` (the user's own data only, times as ISO strings)
 * through `m`. Throwing fails the whole export: a partial export would look complete.
 */
export type PersonalDataExporter<K extends PersonalDataSection = PersonalDataSection> = (
  m: EntityManager,
  userId: number,
) => Promise<NonNullable<MyFeatureData[K]>>;

/**
 * The feature sections of "export my data" (PIPL Art. 45). Each feature module that holds personal data
 * registers an exporter for its section at start-up (`<feature>.personal-data.ts`, resolved from
 * configuration.ts); `UserService.exportData` collects them. The user module imports none of those
 * features (foundation -> features), like the media module's `mediaAccess`.
 */
export class PersonalDataRegistry {
  private exporters = new Map<PersonalDataSection, PersonalDataExporter>();

  /**
   * Registers the exporter of `section` (one per section: a second registration replaces the first, so a
   * module re-initialised in tests does not stack exporters). Returns the function that unregisters it.
   */
  register<K extends PersonalDataSection>(section: K, exporter: PersonalDataExporter<K>): () => void {
    this.exporters.set(section, exporter as PersonalDataExporter);
    return () => {
      if (this.exporters.get(section) === exporter) this.exporters.delete(section);
    };
  }

  /** The registered sections, in registration order. */
  sections(): PersonalDataSection[] {
    return [...this.exporters.keys()];
  }

  /** Every registered section for `userId`, one after another on `m` (sql.js has one connection). */
  async collect(m: EntityManager, userId: number): Promise<MyFeatureData> {
    const out: Record<string, unknown> = {};
    for (const [section, exporter] of this.exporters) out[section] = await exporter(m, userId);
    return out as MyFeatureData;
  }
}

/** The process-wide registry. */
export const personalData = new PersonalDataRegistry();

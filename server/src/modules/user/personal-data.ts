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
 * Erases, or ends, one feature's personal data of `userId` as part of account deletion, through `m`: the
 * deletion's own transaction, so it commits with the rest of the deletion or not at all. Throwing rolls the
 * whole deletion back (the account stays as it was).
 */
export type PersonalDataEraser = (m: EntityManager, userId: number) => Promise<void>;

/**
 * The order erasers run in during account deletion (after the user row, sessions, grants, inbox and photo
 * rows; before pending role requests are withdrawn). A Record, so a new section cannot be left out; a
 * section without an eraser is skipped. Fixed here rather than by registration order, which changes when a
 * module is re-initialised.
 */
const ERASURE_ORDER: Record<PersonalDataSection, number> = { tickets: 1, points: 2, rota: 3, groups: 4 };

/**
 * What the feature modules hold about a user, for "export my data" (PIPL Art. 45) and account deletion
 * (Art. 47). Each feature module that holds personal data registers, at start-up, an exporter for its
 * section and, when deletion has to change its rows, an eraser under the same name
 * (`<feature>.personal-data.ts`, resolved from configuration.ts); `UserService.exportData` collects the
 * sections and `UserService.deleteAccount` runs the erasers inside its transaction. The user module
 * imports none of those features (foundation -> features), like the media module's `mediaAccess`.
 */
export class PersonalDataRegistry {
  private exporters = new Map<PersonalDataSection, PersonalDataExporter>();
  private erasers = new Map<PersonalDataSection, PersonalDataEraser>();

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

  /**
   * Registers the eraser of `section` (one per section; a second registration replaces the first).
   * Returns the function that unregisters it.
   */
  registerEraser(section: PersonalDataSection, eraser: PersonalDataEraser): () => void {
    this.erasers.set(section, eraser);
    return () => {
      if (this.erasers.get(section) === eraser) this.erasers.delete(section);
    };
  }

  /** The sections with an eraser, in the order `erase` runs them. */
  erasable(): PersonalDataSection[] {
    return [...this.erasers.keys()].sort((a, b) => ERASURE_ORDER[a] - ERASURE_ORDER[b]);
  }

  /**
   * Runs every registered eraser for `userId` on `m`, one after another in ERASURE_ORDER. `m` must be
   * the account deletion's transaction; the first eraser that throws stops the rest and its error
   * propagates (rolling the transaction back).
   */
  async erase(m: EntityManager, userId: number): Promise<void> {
    for (const section of this.erasable()) await this.erasers.get(section)!(m, userId);
  }
}

/** The process-wide registry. */
export const personalData = new PersonalDataRegistry();

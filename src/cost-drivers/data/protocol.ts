/**
 * Messages between the Cost Drivers page and its data engine (in a worker, or in the page where
 * workers are unavailable). The page says what the learner chose; the engine answers with
 * snapshots of what to show.
 */
import type { StoreMeta } from "../db.ts";
import type { StoredCall } from "../record.ts";
import type { DashboardView, ViewChoices } from "./view.ts";
import type { TabId } from "../tables.ts";

/**
 * Calls tab rows the engine reads in full when the page names no window yet: a screenful and
 * more. The page then asks for the rows around whatever it scrolls to.
 */
export const FIRST_WINDOW = 100;

export type ExportFormat = "csv" | "json";

export type PageMessage =
  | { type: "choices"; choices: ViewChoices }
  | { type: "clear" }
  | { type: "dismiss" }
  /**
   * The Calls tab rows [from, to) of view `view` are wanted (scrolled into view): read in full,
   * sent back as "rows", and sent with every later view too, so a live update keeps them in view.
   */
  | { type: "window"; view: number; from: number; to: number }
  | {
      type: "export";
      id: number;
      format: ExportFormat;
      tab: TabId;
      choices: ViewChoices;
      exportedAt: string;
    };

export interface Snapshot {
  /** False until the store was read once; `progress` says how far a first read has got. */
  loaded: boolean;
  progress: { read: number; total: number } | null;
  /** Readable calls in the store. */
  recorded: number;
  /** Stored records this page cannot read. */
  skipped: number;
  meta: StoreMeta;
  /** Problems of this page or of recorders elsewhere, newest last (a few at most). */
  errors: string[];
  /** For the choices last received; null before the first read and while the store is empty. */
  view: DashboardView | null;
}

export type EngineMessage =
  | { type: "snapshot"; snapshot: Snapshot }
  | { type: "rows"; view: number; from: number; rows: StoredCall[] }
  | { type: "exported"; id: number; text: string; error?: undefined }
  | { type: "exported"; id: number; text?: undefined; error: string };

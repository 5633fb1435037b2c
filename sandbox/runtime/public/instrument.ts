/** `payi-lab/instrument`: the TypeScript counterpart of `payi.lib.instrument`. */
export { payiInstrument, ingest, trackContext } from "../instrument.ts";
export type {
  PayiInstrumentConfig,
  IngestOptions,
  TrackContextOptions,
  IngestDecorator,
} from "../instrument.ts";

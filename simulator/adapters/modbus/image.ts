/**
 * The register image of one station (standards.md §4.2: reads are synchronous from an in-memory image
 * updated by the simulation tick). The station's per-tick `change` hook re-encodes the changed mapped
 * signals; the latest value wins. A quality change alone leaves the value as it was: Modbus carries no
 * quality, so a stale (Bad) measurement keeps reading its last value (the F22 lesson, docs/modbus.md).
 */
import type { Station } from '../../kernel/station.ts';
import { encodeInto } from './codec.ts';
import type { MapEntry, ModbusMap } from './map.ts';

export class RegisterImage {
  readonly map: ModbusMap;
  readonly coil: Uint8Array;
  readonly discrete: Uint8Array;
  readonly input: Uint16Array;
  readonly holding: Uint16Array;
  /** ticks seen, for the health counters */
  updates = 0;

  constructor(map: ModbusMap) {
    this.map = map;
    this.coil = new Uint8Array(map.tables.coil.size);
    this.discrete = new Uint8Array(map.tables.discrete.size);
    this.input = new Uint16Array(map.tables.input.size);
    this.holding = new Uint16Array(map.tables.holding.size);
  }

  /** Encode one entry from a numeric value (bool as 0/1, enum as its index). */
  set(e: MapEntry, value: number): void {
    switch (e.table) {
      case 'coil':
        this.coil[e.address] = value !== 0 ? 1 : 0;
        break;
      case 'discrete':
        this.discrete[e.address] = value !== 0 ? 1 : 0;
        break;
      case 'input':
        encodeInto(e, value, this.input);
        break;
      case 'holding':
        encodeInto(e, value, this.holding);
        break;
    }
  }

  /** Fill the whole image from the station's store (at start). */
  fill(station: Station): void {
    const num = station.store.num;
    for (const e of this.map.entries) this.set(e, num[e.sig.index]!);
  }

  /** Follow the station: the image is refreshed from every tick's change batch. Returns unsubscribe. */
  attach(station: Station): () => void {
    this.fill(station);
    const num = station.store.num;
    const by = this.map.bySignal;
    return station.hooks.on(
      'change',
      (batch) => {
        this.updates++;
        const idx = batch.indices;
        for (let i = 0; i < batch.count; i++) {
          const h = idx[i]!;
          const e = by[h];
          if (e) this.set(e, num[h]!);
        }
      },
      { owner: 'modbus' },
    );
  }
}

import { describe, expect, it } from 'vitest';
import { recordBatchToRows } from '../../../src/compute/arrow-bridge.js';
import { lookupSourceProvider } from '../../../src/sources/source.js';
import { RATE_SCHEMA, RateSource, parseRateOptions, rowTimeMs, rowsAtSecond, rowsDueAt } from '../../../src/sources/rate/rate-source.js';

const START = 1_700_000_000_000;

describe('rate source', () => {
  it('has Spark schema timestamp TIMESTAMP, value BIGINT', () => {
    expect(lookupSourceProvider('rate')!.resolveSchema({}, undefined, undefined).toDDL()).toBe('timestamp TIMESTAMP, value BIGINT');
  });

  it('offsets carry the start time and the rows due by now', async () => {
    let now = START;
    const source = new RateSource(parseRateOptions({ rowsPerSecond: '4' }), () => now);
    expect(await source.latestOffset(null)).toEqual({ startMs: START, rows: 0 });
    now = START + 2_600;
    const end = await source.latestOffset({ startMs: START, rows: 0 });
    expect(end).toEqual({ startMs: START, rows: 10 });
  });

  it('gives value i the timestamp startMs + floor(i * 1000 / rowsPerSecond), identically on replay', async () => {
    const source = new RateSource(parseRateOptions({ rowsPerSecond: '3' }), () => START);
    const batches = await source.getBatch({ startMs: START, rows: 2 }, { startMs: START, rows: 6 });
    const rows = batches.flatMap((b) => recordBatchToRows(b, RATE_SCHEMA));
    expect(rows).toEqual([
      { timestamp: new Date(START + 666), value: 2 },
      { timestamp: new Date(START + 1000), value: 3 },
      { timestamp: new Date(START + 1333), value: 4 },
      { timestamp: new Date(START + 1666), value: 5 },
    ]);
    const again = new RateSource(parseRateOptions({ rowsPerSecond: '3' }), () => START + 99_999);
    const replay = (await again.getBatch({ startMs: START, rows: 2 }, { startMs: START, rows: 6 })).flatMap((b) => recordBatchToRows(b, RATE_SCHEMA));
    expect(replay).toEqual(rows);
  });

  it('ramps up like Spark: speed grows by rowsPerSecond/(rampUp+1) each second', () => {
    // rowsPerSecond 10, rampUpTime 4s: speed 2,4,6,8 then 10 → 0 2 6 12 20 30 40 rows after 0..6 seconds
    expect([0, 1, 2, 3, 4, 5, 6].map((s) => rowsAtSecond(s, 10, 4))).toEqual([0, 2, 6, 12, 20, 30, 40]);
    expect(rowsDueAt(1_500, 10, 4)).toBe(4);
    expect(rowTimeMs(0, 10, 4)).toBe(0);
    expect(rowTimeMs(2, 10, 4)).toBe(1000);
    expect(rowTimeMs(4, 10, 4)).toBe(1500);
    expect(rowTimeMs(35, 10, 4)).toBe(5500);
    expect(parseRateOptions({ rampUpTime: '4s', rowsPerSecond: '10' }).rampUpTimeSeconds).toBe(4);
  });

  it('rejects a bad rowsPerSecond naming the option and value', () => {
    expect(() => parseRateOptions({ rowsPerSecond: '0' })).toThrow("Invalid value '0' for option 'rowsPerSecond' of the rate source: it must be a positive integer");
    expect(() => parseRateOptions({ ROWSPERSECOND: 'ten' })).toThrow("Invalid value 'ten' for option 'rowsPerSecond' of the rate source: it must be a positive integer");
    expect(() => lookupSourceProvider('rate')!.resolveSchema({ rowsPerSecond: '-3' }, undefined, undefined))
      .toThrow("Invalid value '-3' for option 'rowsPerSecond' of the rate source: it must be a positive integer");
  });

  it('fixes the end for Trigger.AvailableNow', async () => {
    let now = START;
    const source = new RateSource(parseRateOptions({ rowsPerSecond: '10' }), () => now);
    await source.latestOffset(null);
    now = START + 1_000;
    await source.prepareForTriggerAvailableNow();
    now = START + 5_000;
    expect(await source.latestOffset({ startMs: START, rows: 0 })).toEqual({ startMs: START, rows: 10 });
  });
});

import { describe, expect, it } from 'vitest';
import { recordBatchToRows } from '../../../src/compute/arrow-bridge.js';
import { lookupSourceProvider } from '../../../src/sources/source.js';
import {
  SALES_COLUMNS_SCHEMA, SALES_JSON_SCHEMA, SALES_PRODUCTS, SALES_REGIONS, SalesEventGenerator, SalesSource, parseSalesOptions,
} from '../../../src/sources/generators/sales-generator.js';

const START = 1_700_000_000_000;

async function rows(source: SalesSource, from: number, to: number): Promise<Record<string, unknown>[]> {
  const batches = await source.getBatch(from === 0 ? null : { startMs: START, rows: from }, { startMs: START, rows: to });
  return batches.flatMap((b) => recordBatchToRows(b, source.schema));
}

describe('sales generator', () => {
  it('has a Kafka-like schema by default and the seed event columns with output columns', () => {
    const provider = lookupSourceProvider('sales')!;
    expect(provider.resolveSchema({}, undefined, undefined).toDDL()).toBe('key STRING, value STRING, timestamp TIMESTAMP');
    expect(provider.resolveSchema({ output: 'columns' }, undefined, undefined).toDDL())
      .toBe('event_id STRING, timestamp BIGINT, product STRING, price INT, quantity INT, region STRING');
  });

  it('replays identical rows for the same range, also from a new source', async () => {
    const a = new SalesSource(parseSalesOptions({ output: 'columns', startTimestamp: '1700000000' }), () => START);
    const first = await rows(a, 100, 150);
    expect(await rows(a, 100, 150)).toEqual(first);
    const b = new SalesSource(parseSalesOptions({ output: 'columns', startTimestamp: '1700000000' }), () => START + 12_345);
    expect(await rows(b, 100, 150)).toEqual(first);
    const whole = await rows(a, 0, 200);
    expect(whole.slice(100, 150)).toEqual(first);
    const otherSeed = new SalesSource(parseSalesOptions({ output: 'columns', startTimestamp: '1700000000', seed: '7' }), () => START);
    expect(await rows(otherSeed, 100, 150)).not.toEqual(first);
  });

  it('draws values within the seed bounds, all of them reached', async () => {
    const source = new SalesSource(parseSalesOptions({ output: 'columns', rowsPerSecond: '100', startTimestamp: '1700000000' }), () => START);
    const events = await rows(source, 0, 20_000);
    const prices = events.map((e) => e.price as number);
    const quantities = events.map((e) => e.quantity as number);
    expect(Math.min(...prices)).toBe(100);
    expect(Math.max(...prices)).toBe(1000);
    expect(new Set(quantities)).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(new Set(events.map((e) => e.product))).toEqual(new Set(SALES_PRODUCTS));
    expect(new Set(events.map((e) => e.region))).toEqual(new Set(SALES_REGIONS));
    for (const p of SALES_PRODUCTS) {
      const share = events.filter((e) => e.product === p).length / events.length;
      expect(share).toBeGreaterThan(0.23);
      expect(share).toBeLessThan(0.27);
    }
    expect(events[0]!.event_id).toBe('event_0');
    expect(events[0]!.timestamp).toBe(1_700_000_000);
    expect(events[199]!.timestamp).toBe(1_700_000_001);
    expect(events[19_999]!.timestamp).toBe(1_700_000_199);
  });

  it('writes each event as compact JSON keyed by event_id, stamped with its production time', async () => {
    const source = new SalesSource(parseSalesOptions({ rowsPerSecond: '4', startTimestamp: '1700000000' }), () => START);
    const out = await rows(source, 0, 6);
    const generator = new SalesEventGenerator(parseSalesOptions({ rowsPerSecond: '4' }), 1_700_000_000);
    out.forEach((row, i) => {
      expect(row.key).toBe(`event_${i}`);
      expect(row.value).toBe(JSON.stringify(generator.event(i)));
      expect(row.timestamp).toEqual(new Date(START + i * 250));
    });
    expect(row0Shape(out[0]!.value as string)).toBe(true);
    expect(Object.keys(JSON.parse(out[5]!.value as string))).toEqual(['event_id', 'timestamp', 'product', 'price', 'quantity', 'region']);
    expect(JSON.parse(out[5]!.value as string).timestamp).toBe(1_700_000_001);
  });

  it('moves event time back by 0..outOfOrderSeconds, deterministically', async () => {
    const options = { output: 'columns', rowsPerSecond: '10', outOfOrderSeconds: '3', startTimestamp: '1700000000' };
    const source = new SalesSource(parseSalesOptions(options), () => START);
    const events = await rows(source, 0, 1000);
    const lags = events.map((e, i) => 1_700_000_000 + Math.floor(i / 10) - (e.timestamp as number));
    expect(new Set(lags)).toEqual(new Set([0, 1, 2, 3]));
    expect(await rows(new SalesSource(parseSalesOptions(options), () => START), 0, 1000)).toEqual(events);
  });

  it('produces at rowsPerSecond, at most maxEventsPerTrigger per batch, and stops at totalEvents', async () => {
    let now = START;
    const source = new SalesSource(parseSalesOptions({ rowsPerSecond: '100', maxEventsPerTrigger: '30', totalEvents: '70' }), () => now);
    expect(await source.latestOffset(null)).toEqual({ startMs: START, rows: 0 });
    now = START + 500;
    expect(await source.latestOffset({ startMs: START, rows: 0 })).toEqual({ startMs: START, rows: 30 });
    expect(await source.latestOffset({ startMs: START, rows: 30 })).toEqual({ startMs: START, rows: 50 });
    now = START + 10_000;
    expect(await source.latestOffset({ startMs: START, rows: 50 })).toEqual({ startMs: START, rows: 70 });
    expect(await source.latestOffset({ startMs: START, rows: 70 })).toEqual({ startMs: START, rows: 70 });
  });

  it('makes all totalEvents available at once for Trigger.AvailableNow or when not paced', async () => {
    const source = new SalesSource(parseSalesOptions({ totalEvents: '5000' }), () => START);
    await source.prepareForTriggerAvailableNow();
    expect(await source.latestOffset(null)).toEqual({ startMs: START, rows: 5000 });
    const unpaced = new SalesSource(parseSalesOptions({ paced: 'false', maxEventsPerTrigger: '1000' }), () => START);
    expect(await unpaced.latestOffset({ startMs: START, rows: 1000 })).toEqual({ startMs: START, rows: 2000 });
    expect(() => parseSalesOptions({ paced: 'false' }))
      .toThrow("The sales source with option paced 'false' needs option 'totalEvents' or 'maxEventsPerTrigger' to bound each batch");
  });

  it('names the option and value of a bad option', () => {
    expect(() => parseSalesOptions({ output: 'csv' })).toThrow("Invalid value 'csv' for option 'output' of the sales source: it must be one of 'json', 'columns'");
    expect(() => parseSalesOptions({ rowsPerSecond: '1.5' })).toThrow("Invalid value '1.5' for option 'rowsPerSecond' of the sales source: it must be a positive integer");
  });

  it('exposes both schemas', () => {
    expect(SALES_JSON_SCHEMA.fieldNames).toEqual(['key', 'value', 'timestamp']);
    expect(SALES_COLUMNS_SCHEMA.fieldNames).toEqual(['event_id', 'timestamp', 'product', 'price', 'quantity', 'region']);
  });
});

function row0Shape(text: string): boolean {
  return /^\{"event_id":"event_0","timestamp":1700000000,"product":"(laptop|phone|tablet|watch)","price":\d{3,4},"quantity":[1-5],"region":"(North|South|East|West)"\}$/.test(text);
}

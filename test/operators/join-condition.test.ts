// Join condition analysis: equi-join keys, one-side / two-side conjuncts, state watermarks from range conditions (Spark 3.5).
import { describe, expect, it } from 'vitest';
import { StringType, TimestampType } from '../../src/common/data-types.js';
import { resolveExpression } from '../../src/planner/analyzer/resolve-expression.js';
import type { BoundExpr } from '../../src/planner/expr/bound-expression.js';
import { renderExpression } from '../../src/planner/expr/render-expression.js';
import { WINDOW_TYPE } from '../../src/planner/logical/stateful-builder.js';
import type { Attribute } from '../../src/planner/logical/plan.js';
import {
  joinStateWatermarks, notNullColumns, preservedSides, splitJoinCondition, stateRangeConstraints, stateWatermarkMs, watermarkKeyOrdinal,
} from '../../src/operators/join-condition.js';
import type { StateWatermarkRule } from '../../src/operators/join-condition.js';
import { parseExpression } from '../../src/sql/expression-parser.js';

const impressions: Attribute[] = [
  { name: 'ad_id', dataType: StringType, nullable: true },
  { name: 'imp_time', dataType: TimestampType, nullable: true, watermarkDelayMs: 10_000 },
];
const clicks: Attribute[] = [
  { name: 'click_ad_id', dataType: StringType, nullable: true },
  { name: 'click_time', dataType: TimestampType, nullable: true, watermarkDelayMs: 20_000 },
];
const unwatermarked = (attrs: Attribute[]): Attribute[] => attrs.map((a) => ({ name: a.name, dataType: a.dataType, nullable: a.nullable }));

function bind(sql: string, left = impressions, right = clicks): BoundExpr {
  return resolveExpression(parseExpression(sql), { input: [...left, ...right], timeZone: 'UTC' });
}

function valueRule(rule: StateWatermarkRule | null): Extract<StateWatermarkRule, { kind: 'value' }> {
  if (rule?.kind !== 'value') throw new Error(`expected a value rule, got ${JSON.stringify(rule)}`);
  return rule;
}

const rendered = (e: BoundExpr | null) => (e === null ? null : renderExpression(e));

describe('splitJoinCondition', () => {
  it('takes equi-join keys out and re-bases right-side expressions onto the right input', () => {
    const parts = splitJoinCondition(bind('ad_id = click_ad_id AND click_time >= imp_time AND click_time <= imp_time + INTERVAL 1 MINUTE'), 2);
    expect(parts.keys).toHaveLength(1);
    expect(parts.keys[0]!.left).toMatchObject({ kind: 'ref', index: 0, name: 'ad_id' });
    expect(parts.keys[0]!.right).toMatchObject({ kind: 'ref', index: 0, name: 'click_ad_id' });
    expect(parts.keys[0]!.nullSafe).toBe(false);
    expect(parts.otherConjuncts.map(renderExpression)).toEqual(['(click_time >= imp_time)', "(click_time <= (imp_time + INTERVAL '01' MINUTE))"]);
    expect(rendered(parts.bothSides)).toBe("((click_time >= imp_time) AND (click_time <= (imp_time + INTERVAL '01' MINUTE)))");
    expect(parts.leftOnly).toBeNull();
    expect(parts.rightOnly).toBeNull();
    expect(rendered(parts.residual)).toBe(rendered(parts.bothSides));
  });

  it('accepts keys written right = left and <=>', () => {
    const parts = splitJoinCondition(bind('click_ad_id = ad_id AND click_time <=> imp_time'), 2);
    expect(parts.keys.map((k) => [rendered(k.left), rendered(k.right), k.nullSafe])).toEqual([['ad_id', 'click_ad_id', false], ['imp_time', 'click_time', true]]);
    expect(parts.residual).toBeNull();
  });

  it('sorts the other conjuncts into left-only, right-only (re-based) and two-side ones', () => {
    const parts = splitJoinCondition(bind("ad_id = click_ad_id AND ad_id <> 'x' AND click_ad_id = 'y' AND upper(ad_id) = upper(click_ad_id)"), 2);
    expect(parts.keys).toHaveLength(2);
    expect(rendered(parts.leftOnly)).toBe("(NOT (ad_id = x))");
    expect(parts.rightOnly).toMatchObject({ kind: 'call', name: 'equal', args: [{ kind: 'ref', index: 0 }, { kind: 'literal', value: 'y' }] });
    expect(parts.bothSides).toBeNull();
  });

  it('keeps conjuncts after a non-deterministic one together with it (Spark: they go to bothSides)', () => {
    const parts = splitJoinCondition(bind("imp_time < current_timestamp() AND ad_id = 'a' AND click_ad_id = ad_id"), 2);
    expect(parts.leftOnly).toBeNull();
    expect(rendered(parts.bothSides)).toBe("((imp_time < current_timestamp()) AND (ad_id = a))");
    expect(parts.keys).toHaveLength(1);
  });

  it('a cross join has no parts', () => {
    expect(splitJoinCondition(null, 2)).toEqual({ keys: [], leftOnly: null, rightOnly: null, bothSides: null, residual: null, otherConjuncts: [] });
  });
});

describe('joinStateWatermarks', () => {
  const fixtureCondition = 'ad_id = click_ad_id AND click_time >= imp_time AND click_time <= imp_time + INTERVAL 1 MINUTE';

  it('solves the range condition of the Spark fixture for each side', () => {
    const parts = splitJoinCondition(bind(fixtureCondition), 2);
    const rules = joinStateWatermarks(parts, impressions, clicks);
    const left = valueRule(rules.left);
    const right = valueRule(rules.right);
    expect(left.column).toBe(1);
    expect(left.constraints).toEqual([{ offsetMicros: -60_000_000, inclusive: true, text: "(click_time <= (imp_time + INTERVAL '01' MINUTE))" }]);
    expect(right.constraints).toEqual([{ offsetMicros: 0, inclusive: true, text: '(click_time >= imp_time)' }]);
    // watermark 22:15:00 (batch 5 of the fixture): impressions up to 22:13:59.999 and clicks up to 22:14:59.999 go
    const wm = Date.parse('2023-11-14T22:15:00Z');
    expect(new Date(stateWatermarkMs(left, wm)).toISOString()).toBe('2023-11-14T22:13:59.999Z');
    expect(new Date(stateWatermarkMs(right, wm)).toISOString()).toBe('2023-11-14T22:14:59.999Z');
  });

  it('reads BETWEEN and strict comparisons (no -1 ms for < and >)', () => {
    const between = joinStateWatermarks(splitJoinCondition(bind('ad_id = click_ad_id AND imp_time BETWEEN click_time - INTERVAL 10 SECONDS AND click_time + INTERVAL 5 SECONDS'), 2), impressions, clicks);
    expect(stateWatermarkMs(valueRule(between.left), 100_000)).toBe(89_999);
    expect(stateWatermarkMs(valueRule(between.right), 100_000)).toBe(94_999);
    const strict = joinStateWatermarks(splitJoinCondition(bind('ad_id = click_ad_id AND click_time > imp_time AND imp_time > click_time - INTERVAL 30 SECONDS'), 2), impressions, clicks);
    expect(stateWatermarkMs(valueRule(strict.right), 100_000)).toBe(100_000);
    expect(stateWatermarkMs(valueRule(strict.left), 100_000)).toBe(70_000);
  });

  it('takes the lowest bound when several conjuncts constrain a side', () => {
    const rules = joinStateWatermarks(splitJoinCondition(bind('imp_time >= click_time - INTERVAL 1 MINUTE AND imp_time > click_time - INTERVAL 2 MINUTES'), 2), impressions, clicks);
    expect(valueRule(rules.left).constraints).toHaveLength(2);
    expect(stateWatermarkMs(valueRule(rules.left), 200_000)).toBe(80_000);
    expect(rules.right).toBeNull();
  });

  it('needs a watermark on the other side to solve, and one on the state side to evict', () => {
    const parts = splitJoinCondition(bind(fixtureCondition, impressions, unwatermarked(clicks)), 2);
    // the clicks have no watermark: no bound for impressions; the clicks' state has no watermarked column
    expect(joinStateWatermarks(parts, impressions, unwatermarked(clicks))).toEqual({ left: null, right: null });
    expect(stateRangeConstraints(parts, 'right', impressions, unwatermarked(clicks))).toHaveLength(1);
  });

  it('ignores conditions that are not a time range between the two sides', () => {
    const rules = joinStateWatermarks(splitJoinCondition(bind("ad_id = click_ad_id AND click_time >= TIMESTAMP '2024-01-01 00:00:00' AND click_ad_id < ad_id"), 2), impressions, clicks);
    expect(rules).toEqual({ left: null, right: null });
  });

  it('uses a watermarked join key for both sides (key rule)', () => {
    const left: Attribute[] = [{ name: 'w', dataType: WINDOW_TYPE, nullable: false, watermarkDelayMs: 0 }, { name: 'a', dataType: StringType, nullable: true }];
    const right: Attribute[] = [{ name: 'w2', dataType: WINDOW_TYPE, nullable: false }, { name: 'b', dataType: StringType, nullable: true }];
    const parts = splitJoinCondition(bind('a = b AND w = w2', left, right), 2);
    expect(watermarkKeyOrdinal(parts.keys, left, right)).toBe(1);
    expect(joinStateWatermarks(parts, left, right)).toEqual({ left: { kind: 'key', keyOrdinal: 1 }, right: { kind: 'key', keyOrdinal: 1 } });
  });
});

describe('notNullColumns and preservedSides', () => {
  it('lists the columns under null-intolerant operators', () => {
    const columns = notNullColumns(bind("ad_id = click_ad_id AND click_time <= imp_time + INTERVAL 1 MINUTE AND (ad_id = 'a' OR click_ad_id IS NULL)"));
    expect([...columns].sort()).toEqual([0, 1, 2, 3]);
    expect([...notNullColumns(bind('ad_id <=> click_ad_id'))]).toEqual([]);
  });

  it('says which sides keep unmatched rows', () => {
    expect(preservedSides('left_outer')).toEqual({ left: true, right: false });
    expect(preservedSides('right_outer')).toEqual({ left: false, right: true });
    expect(preservedSides('full_outer')).toEqual({ left: true, right: true });
    expect(preservedSides('inner')).toEqual({ left: false, right: false });
    expect(preservedSides('left_semi')).toEqual({ left: false, right: false });
  });
});

// Stream-static joins (no state; the static rows arrive in the first micro-batch) and batch joins, Spark 3.5 ON semantics.
import { describe, expect, it } from 'vitest';
import { IntegerType, StringType } from '../../src/common/data-types.js';
import { BrookError } from '../../src/common/errors.js';
import { createStreamStaticJoinOperator } from '../../src/operators/stream-static-join-operator.js';
import type { Attribute } from '../../src/planner/logical/plan.js';
import { batchContext, batchOf, joinExec, kernelContext, rowsOf } from './join-test-support.js';

const impressions: Attribute[] = [{ name: 'imp_id', dataType: StringType, nullable: true }, { name: 'ad', dataType: StringType, nullable: true }];
const ads: Attribute[] = [{ name: 'ad_id', dataType: StringType, nullable: true }, { name: 'campaign', dataType: StringType, nullable: true }, { name: 'budget', dataType: IntegerType, nullable: true }];
const adRows = [{ ad_id: 'a1', campaign: 'c1', budget: 10 }, { ad_id: 'a2', campaign: 'c2', budget: 20 }, { ad_id: null, campaign: 'c0', budget: 0 }];

describe('stream-static join (stream on the left)', () => {
  it('inner: stream rows that come before the static rows in batch 0 are joined at the end of the batch, later ones at once', () => {
    const exec = joinExec({ left: impressions, right: ads, joinType: 'inner', on: 'ad = ad_id', leftStreaming: true, rightStreaming: false });
    const op = createStreamStaticJoinOperator(exec, kernelContext);
    const ctx0 = batchContext(0);
    // executeTree feeds child 0 (the stream) before child 1 (the static table)
    expect(op.processBatch(batchOf(impressions, [{ imp_id: 'i1', ad: 'a1' }, { imp_id: 'i2', ad: 'a2' }, { imp_id: 'i3', ad: 'a9' }]), ctx0, 0)).toEqual([]);
    expect(op.processBatch(batchOf(ads, adRows), ctx0, 1)).toEqual([]);
    expect(rowsOf(op.onBatchEnd!(ctx0), exec.output)).toEqual([
      { imp_id: 'i1', ad: 'a1', ad_id: 'a1', campaign: 'c1', budget: 10 },
      { imp_id: 'i2', ad: 'a2', ad_id: 'a2', campaign: 'c2', budget: 20 },
    ]);
    op.commit!(1);
    // batch 1: the static source has nothing new; stream rows join the kept table in processBatch
    const ctx1 = batchContext(1);
    const out = op.processBatch(batchOf(impressions, [{ imp_id: 'i4', ad: 'a1' }, { imp_id: 'i5', ad: 'a1' }, { imp_id: 'i6', ad: null }]), ctx1, 0);
    expect(rowsOf(out, exec.output)).toEqual([
      { imp_id: 'i4', ad: 'a1', ad_id: 'a1', campaign: 'c1', budget: 10 },
      { imp_id: 'i5', ad: 'a1', ad_id: 'a1', campaign: 'c1', budget: 10 },
    ]);
    expect(op.onBatchEnd!(ctx1)).toEqual([]);
    expect(op.stateProgress).toBeUndefined();
  });

  it('left outer: unmatched stream rows (a null key included) come out with nulls, in the same batch', () => {
    const exec = joinExec({ left: impressions, right: ads, joinType: 'left_outer', on: 'ad = ad_id AND budget > 15', leftStreaming: true, rightStreaming: false });
    const op = createStreamStaticJoinOperator(exec, kernelContext);
    const ctx0 = batchContext(0);
    op.processBatch(batchOf(impressions, [{ imp_id: 'i1', ad: 'a1' }, { imp_id: 'i2', ad: 'a2' }]), ctx0, 0);
    op.processBatch(batchOf(ads, adRows), ctx0, 1);
    expect(rowsOf(op.onBatchEnd!(ctx0), exec.output)).toEqual([
      { imp_id: 'i1', ad: 'a1', ad_id: null, campaign: null, budget: null },
      { imp_id: 'i2', ad: 'a2', ad_id: 'a2', campaign: 'c2', budget: 20 },
    ]);
    op.commit!(1);
    const out = op.processBatch(batchOf(impressions, [{ imp_id: 'i3', ad: null }, { imp_id: 'i4', ad: 'a2' }]), batchContext(1), 0);
    expect(rowsOf(out, exec.output)).toEqual([
      { imp_id: 'i3', ad: null, ad_id: null, campaign: null, budget: null },
      { imp_id: 'i4', ad: 'a2', ad_id: 'a2', campaign: 'c2', budget: 20 },
    ]);
  });

  it('left semi and left anti output the stream rows with / without a match', () => {
    for (const [joinType, expected] of [['left_semi', [{ imp_id: 'i1', ad: 'a1' }]], ['left_anti', [{ imp_id: 'i2', ad: 'a2' }, { imp_id: 'i3', ad: null }]]] as const) {
      const exec = joinExec({ left: impressions, right: ads, joinType, on: "ad = ad_id AND campaign <> 'c2'", leftStreaming: true, rightStreaming: false });
      const op = createStreamStaticJoinOperator(exec, kernelContext);
      const ctx0 = batchContext(0);
      op.processBatch(batchOf(ads, adRows), ctx0, 1);
      op.processBatch(batchOf(impressions, [{ imp_id: 'i1', ad: 'a1' }, { imp_id: 'i2', ad: 'a2' }, { imp_id: 'i3', ad: null }]), ctx0, 0);
      expect(rowsOf(op.onBatchEnd!(ctx0), exec.output)).toEqual(expected);
    }
  });

  it('an aborted first batch forgets the static rows (the re-run feeds them again)', () => {
    const exec = joinExec({ left: impressions, right: ads, joinType: 'inner', on: 'ad = ad_id', leftStreaming: true, rightStreaming: false });
    const op = createStreamStaticJoinOperator(exec, kernelContext);
    op.processBatch(batchOf(ads, adRows), batchContext(0), 1);
    op.onBatchEnd!(batchContext(0));
    op.abort!();
    op.processBatch(batchOf(impressions, [{ imp_id: 'i1', ad: 'a1' }]), batchContext(0), 0);
    op.processBatch(batchOf(ads, adRows.slice(1)), batchContext(0), 1);
    expect(rowsOf(op.onBatchEnd!(batchContext(0)), exec.output)).toEqual([]);
  });
});

describe('stream-static join (stream on the right)', () => {
  it('right outer: the static table comes first; unmatched stream rows get nulls on the left', () => {
    const exec = joinExec({ left: ads, right: impressions, joinType: 'right_outer', on: 'ad_id = ad', leftStreaming: false, rightStreaming: true });
    const op = createStreamStaticJoinOperator(exec, kernelContext);
    const ctx0 = batchContext(0);
    op.processBatch(batchOf(ads, adRows), ctx0, 0);
    expect(op.processBatch(batchOf(impressions, [{ imp_id: 'i1', ad: 'a1' }, { imp_id: 'i2', ad: 'a7' }]), ctx0, 1)).toEqual([]);
    expect(rowsOf(op.onBatchEnd!(ctx0), exec.output)).toEqual([
      { ad_id: 'a1', campaign: 'c1', budget: 10, imp_id: 'i1', ad: 'a1' },
      { ad_id: null, campaign: null, budget: null, imp_id: 'i2', ad: 'a7' },
    ]);
  });

  it('rejects a left outer join with the stream on the right (Spark does too)', () => {
    const exec = joinExec({ left: ads, right: impressions, joinType: 'left_outer', on: 'ad_id = ad', leftStreaming: false, rightStreaming: true });
    let error: unknown;
    try {
      createStreamStaticJoinOperator(exec, kernelContext);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BrookError);
    expect((error as BrookError).message).toBe(
      'A left_outer join with a static DataFrame/Dataset on the left and a streaming DataFrame/Dataset on the right is not supported\n'
      + 'Hint: use an inner or right outer join, or put the stream on the left',
    );
  });
});

describe('batch joins (both sides static)', () => {
  const left: Attribute[] = [{ name: 'k', dataType: IntegerType, nullable: true }, { name: 'l', dataType: StringType, nullable: true }];
  const right: Attribute[] = [{ name: 'k2', dataType: IntegerType, nullable: true }, { name: 'r', dataType: StringType, nullable: true }];
  const leftRows = [{ k: 1, l: 'x' }, { k: 2, l: 'y' }, { k: null, l: 'z' }];
  const rightRows = [{ k2: 1, r: 'p' }, { k2: 1, r: 'q' }, { k2: 3, r: 's' }, { k2: null, r: 't' }];

  function run(joinType: Parameters<typeof joinExec>[0]['joinType'], on: string | null) {
    const exec = joinExec({ left, right, joinType, on, leftStreaming: false, rightStreaming: false });
    const op = createStreamStaticJoinOperator(exec, kernelContext);
    const ctx = batchContext(0);
    op.processBatch(batchOf(left, leftRows), ctx, 0);
    op.processBatch(batchOf(right, rightRows), ctx, 1);
    return rowsOf(op.onBatchEnd!(ctx), exec.output);
  }

  it('full outer: pairs, then unmatched rows of both sides; null keys never match', () => {
    expect(run('full_outer', "k = k2 AND r <> 'q'")).toEqual([
      { k: 1, l: 'x', k2: 1, r: 'p' },
      { k: 2, l: 'y', k2: null, r: null },
      { k: null, l: 'z', k2: null, r: null },
      { k: null, l: null, k2: 1, r: 'q' },
      { k: null, l: null, k2: 3, r: 's' },
      { k: null, l: null, k2: null, r: 't' },
    ]);
  });

  it('<=> matches nulls; right outer, semi, anti and cross', () => {
    expect(run('inner', 'k <=> k2')).toEqual([
      { k: 1, l: 'x', k2: 1, r: 'p' }, { k: 1, l: 'x', k2: 1, r: 'q' }, { k: null, l: 'z', k2: null, r: 't' },
    ]);
    expect(run('right_outer', 'k = k2')).toEqual([
      { k: 1, l: 'x', k2: 1, r: 'p' }, { k: 1, l: 'x', k2: 1, r: 'q' }, { k: null, l: null, k2: 3, r: 's' }, { k: null, l: null, k2: null, r: 't' },
    ]);
    expect(run('left_semi', 'k = k2')).toEqual([{ k: 1, l: 'x' }]);
    expect(run('left_anti', 'k = k2')).toEqual([{ k: 2, l: 'y' }, { k: null, l: 'z' }]);
    expect(run('cross', null)).toHaveLength(12);
    expect(run('inner', 'k < k2')).toEqual([{ k: 1, l: 'x', k2: 3, r: 's' }, { k: 2, l: 'y', k2: 3, r: 's' }]);
  });
});

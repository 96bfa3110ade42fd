// Triggers: when a streaming query runs its next micro-batch.
import { parseDuration } from '../common/duration.js';
import { userError } from '../common/errors.js';

/**
 * What writeStream.trigger() accepts.
 * @example df.writeStream.trigger({ processingTime: '10 seconds' })
 */
export type TriggerSpec =
  | { readonly processingTime: string | number }
  | { readonly once: true }
  | { readonly availableNow: true };

export type Trigger =
  | { readonly kind: 'asFastAsPossible' }
  | { readonly kind: 'processingTime'; readonly intervalMs: number }
  | { readonly kind: 'once' }
  | { readonly kind: 'availableNow' };

export function parseTrigger(spec: TriggerSpec | undefined): Trigger {
  if (spec === undefined) return { kind: 'asFastAsPossible' };
  if ('processingTime' in spec) {
    const ms = typeof spec.processingTime === 'number' ? spec.processingTime : parseDuration(spec.processingTime, 'trigger interval');
    if (!(ms >= 0)) throw userError('INVALID_TRIGGER', `Trigger interval must be non-negative, got ${String(spec.processingTime)}`);
    return ms === 0 ? { kind: 'asFastAsPossible' } : { kind: 'processingTime', intervalMs: ms };
  }
  if ('once' in spec && spec.once) return { kind: 'once' };
  if ('availableNow' in spec && spec.availableNow) return { kind: 'availableNow' };
  throw userError('INVALID_TRIGGER', `Unknown trigger ${JSON.stringify(spec)}`, { hint: "use { processingTime: '10 seconds' }, { once: true } or { availableNow: true }" });
}

export function describeTrigger(t: Trigger): string {
  switch (t.kind) {
    case 'asFastAsPossible': return 'ProcessingTime(0)';
    case 'processingTime': return `ProcessingTime(${t.intervalMs} ms)`;
    case 'once': return 'Once';
    case 'availableNow': return 'AvailableNow';
  }
}

// session.conf: string settings with Spark's keys (spark.sql.session.timeZone, spark.sql.shuffle.partitions is accepted and ignored).
import { userError } from '../common/errors.js';

/** Default settings; keys are Spark's where Spark has one. */
export const DEFAULT_CONF: Readonly<Record<string, string>> = {
  'spark.sql.session.timeZone': 'UTC',
  'spark.sql.streaming.pollingDelay': '10',
};

/**
 * Session settings, like Spark's RuntimeConfig.
 * @example session.conf.set('spark.sql.session.timeZone', 'Asia/Shanghai')
 */
export class RuntimeConfig {
  private readonly values: Map<string, string>;

  constructor(initial: Readonly<Record<string, string>>) {
    this.values = new Map(Object.entries({ ...DEFAULT_CONF, ...initial }));
  }

  set(key: string, value: string | number | boolean): void {
    if (key === 'spark.sql.session.timeZone') checkTimeZone(String(value));
    this.values.set(key, String(value));
  }

  get(key: string, defaultValue?: string): string | undefined {
    return this.values.get(key) ?? defaultValue;
  }

  unset(key: string): void {
    this.values.delete(key);
    if (key in DEFAULT_CONF) this.values.set(key, DEFAULT_CONF[key]!);
  }

  getAll(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  asMap(): ReadonlyMap<string, string> {
    return this.values;
  }
}

export function checkTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw userError('INVALID_TIME_ZONE', `Invalid time zone '${zone}' for spark.sql.session.timeZone`, { hint: "use an IANA name such as 'UTC' or 'Europe/Paris'" });
  }
}

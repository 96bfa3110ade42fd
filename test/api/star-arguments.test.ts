// `*` and `t.*` inside function calls stand for the columns they expand to, as in Spark: to_json(struct(*)) is the usual Kafka value.
import { describe, expect, it } from 'vitest';
import { Session, col, struct, toJson } from '../../src/index.js';
import { errorOf } from '../support/errors.js';

const session = Session.builder().appName('star-arguments').getOrCreate();
const people = () => session.createDataFrame([
  { id: 1, name: 'Ada', geo: { lat: 1.5, lon: null } },
  { id: 2, name: null, geo: null },
], 'id INT, name STRING, geo STRUCT<lat: DOUBLE, lon: DOUBLE>');

describe('stars in function arguments', () => {
  it('to_json(struct(*)) writes every column, leaving out nulls like Spark', async () => {
    const rows = await people().selectExpr('to_json(struct(*)) AS value').collect();
    expect(rows).toEqual([
      { value: '{"id":1,"name":"Ada","geo":{"lat":1.5}}' },
      { value: '{"id":2}' },
    ]);
  });

  it('struct(*) keeps the column names and types; the Column API gives the same', () => {
    const sql = people().selectExpr('struct(*) AS s').schema;
    const api = people().select(struct(col('*')).alias('s')).schema;
    expect(sql.fields[0]!.dataType).toEqual(api.fields[0]!.dataType);
    expect(sql.fields[0]!.dataType).toMatchObject({
      kind: 'struct',
      fields: [{ name: 'id', dataType: { kind: 'int' } }, { name: 'name', dataType: { kind: 'string' } }, { name: 'geo', dataType: { kind: 'struct' } }],
    });
  });

  it('a struct column star and plain arguments mix: struct(geo.*, id AS key)', async () => {
    const rows = await people().select(toJson(struct(col('geo.*'), col('id').alias('key'))).alias('j')).collect();
    expect(rows).toEqual([{ j: '{"lat":1.5,"key":1}' }, { j: '{"key":2}' }]);
  });

  it('the argument count is checked after expansion', () => {
    const e = errorOf(() => people().selectExpr('upper(*)'));
    expect(e.code).toBe('WRONG_NUM_ARGS');
    expect(e.message).toBe('Function upper takes 1 argument, but 3 were given (line 1, column 1)\n  upper(*)\n  ^^^^^^^^');
  });

  it('count(*) still counts rows', async () => {
    expect(await people().groupBy().agg({ '*': 'count' }).collect()).toEqual([{ 'count(1)': 2 }]);
  });
});

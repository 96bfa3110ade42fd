// Acceptance: user mistakes get specific messages — unknown column, bad cast, bad schema, unknown format, missing option.
import { describe, expect, it } from 'vitest';
import { BrookError, MemoryStream, Session, col } from '../../src/index.js';
import { errorOf } from '../support/errors.js';

const session = Session.builder().appName('errors-test').getOrCreate();

async function asyncErrorOf(f: () => Promise<unknown>): Promise<BrookError> {
  const e = await f().then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(BrookError);
  return e as BrookError;
}

describe('errors a user can make', () => {
  const input = MemoryStream.create(session, 'event_id STRING, price INT, region STRING');

  it('names an unknown column and lists the available ones', () => {
    const e = errorOf(() => input.toDF().select('prise'));
    expect(e.code).toBe('UNRESOLVED_COLUMN');
    expect(e.message).toContain("Column 'prise' does not exist. Available columns: event_id, price, region");
    expect(e.message).toContain("did you mean 'price'?");
  });

  it('names an unknown column inside an SQL filter, with its position', () => {
    const e = errorOf(() => input.toDF().filter('price > 0 AND regoin = "North"'));
    expect(e.code).toBe('UNRESOLVED_COLUMN');
    expect(e.message).toContain("Column 'regoin' does not exist");
    expect(e.span).toMatchObject({ line: 1, column: 15 });
  });

  it('rejects a cast that Spark cannot do', () => {
    const e = errorOf(() => input.toDF().select(col('price').cast('array<int>')));
    expect(e.code).toBe('CANNOT_CAST');
    expect(e.message).toContain('Cannot cast INT to ARRAY<INT>');
  });

  it('rejects a filter that is not a boolean', () => {
    const e = errorOf(() => input.toDF().filter(col('price').plus(1)));
    expect(e.message).toBe("Filter condition '(price + 1)' must be of type BOOLEAN, but it is INT");
  });

  it('reports a bad schema string with its position', () => {
    const e = errorOf(() => session.readStream.format('json').schema('id INT, price INTT').load('/tmp'));
    expect(e.code).toBe('INVALID_SCHEMA');
    expect(e.message).toContain("Cannot parse the schema string 'id INT, price INTT': unknown data type 'INTT' (position 15)");
  });

  it('names an unknown source format and lists the known ones', () => {
    const e = errorOf(() => session.readStream.format('parquetz').load());
    expect(e.code).toBe('UNKNOWN_FORMAT');
    expect(e.message).toMatch(/^Failed to find data source: parquetz\. Available formats: .*json.*rate.*sales/);
  });

  it('names an unknown sink format', async () => {
    const e = await asyncErrorOf(() => input.toDF().writeStream.format('parquetz').start());
    expect(e.message).toContain('Failed to find data source: parquetz');
  });

  it('asks for the schema of a streaming json source', () => {
    const e = errorOf(() => session.readStream.format('json').load('/tmp'));
    expect(e.code).toBe('SCHEMA_REQUIRED');
    expect(e.message).toContain('Schema must be specified when creating a streaming source DataFrame');
  });

  it('asks for queryName with the memory sink', async () => {
    const e = await asyncErrorOf(() => input.toDF().writeStream.format('memory').start());
    expect(e.message).toBe('queryName must be specified for memory sink');
  });

  it('asks for the path of the json file sink', async () => {
    const e = await asyncErrorOf(() => input.toDF().writeStream.format('json').start());
    expect(e.code).toBe('PATH_REQUIRED');
  });

  it('rejects an invalid option value naming the option', () => {
    const e = errorOf(() => session.readStream.format('rate').option('rowsPerSecond', -5).load());
    expect(e.message).toContain('rowsPerSecond');
    expect(e.message).toContain('-5');
  });

  it('refuses complete mode without an aggregation, saying what to use', async () => {
    const e = await asyncErrorOf(() => input.toDF().writeStream.format('console').outputMode('complete').start());
    expect(e.message).toContain('Complete output mode not supported when there are no streaming aggregations');
    expect(e.hint).toContain("outputMode('append')");
  });

  it('refuses collect() on a streaming DataFrame', async () => {
    const e = await asyncErrorOf(() => input.toDF().collect());
    expect(e.message).toBe('Queries with streaming sources must be executed with writeStream.start()');
  });

  it('names an unknown function with a suggestion', () => {
    const e = errorOf(() => input.toDF().selectExpr('uper(region)'));
    expect(e.code).toBe('UNKNOWN_FUNCTION');
    expect(e.message).toContain("Unknown function 'uper'");
    expect(e.message).toContain("did you mean 'upper'");
  });
});

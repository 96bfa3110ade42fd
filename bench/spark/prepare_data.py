"""Converts the JSON Lines written by export-data.js into one Parquet file per chunk and table, for Spark's file stream.

Usage: python bench/spark/prepare_data.py [DATA_DIR]   (default /tmp/brook-bench-data)

DATA_DIR/<table>/chunk-NNNNN.json  ->  DATA_DIR/parquet/<table>/chunk-NNNNN.parquet, with the file modification times
set in chunk order so that Spark's file source (which admits new files oldest first) reads chunk 0, 1, 2, ...
The schemas are brook's (the same DDL text), read with Spark's JSON reader in UTC.
"""
import glob
import os
import shutil
import sys

from pyspark.sql import SparkSession
from pyspark.sql.functions import input_file_name, regexp_extract

SCHEMAS = {
    'person': 'id BIGINT, name STRING, email_address STRING, credit_card STRING, city STRING, state STRING, '
              'date_time TIMESTAMP, extra STRING',
    'auction': 'id BIGINT, item_name STRING, description STRING, initial_bid BIGINT, reserve BIGINT, '
               'date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra STRING',
    'bid': 'auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP, extra STRING',
    'sales': 'key STRING, value STRING, timestamp TIMESTAMP',
}


def main() -> None:
    data = sys.argv[1] if len(sys.argv) > 1 else '/tmp/brook-bench-data'
    spark = (SparkSession.builder.master('local[2]').appName('brook-bench-prepare')
             .config('spark.ui.enabled', 'false').config('spark.ui.showConsoleProgress', 'false')
             .config('spark.sql.session.timeZone', 'UTC').getOrCreate())
    for table, schema in SCHEMAS.items():
        staging = os.path.join(data, 'parquet', f'_{table}')
        target = os.path.join(data, 'parquet', table)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)
        # every chunk file is read by one task (files are far below spark.sql.files.maxPartitionBytes), so each
        # chunk=N folder gets exactly one part file, rows in file order
        (spark.read.schema(schema).json(os.path.join(data, table))
         .withColumn('chunk', regexp_extract(input_file_name(), r'chunk-(\d+)\.json', 1).cast('int'))
         .write.partitionBy('chunk').parquet(staging))
        os.makedirs(target)
        chunks = sorted(glob.glob(os.path.join(staging, 'chunk=*')), key=lambda p: int(p.rsplit('=', 1)[1]))
        base = 1_600_000_000
        for folder in chunks:
            index = int(folder.rsplit('=', 1)[1])
            parts = glob.glob(os.path.join(folder, 'part-*.parquet'))
            if len(parts) != 1:
                raise SystemExit(f'{folder}: expected one part file, found {len(parts)}')
            path = os.path.join(target, f'chunk-{index:05d}.parquet')
            shutil.move(parts[0], path)
            os.utime(path, (base + index, base + index))
        shutil.rmtree(staging)
        print(f'{table}: {len(chunks)} files in {target}')
    spark.stop()


if __name__ == '__main__':
    main()

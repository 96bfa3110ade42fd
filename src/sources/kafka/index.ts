// The Kafka source: importing this module registers format('kafka') for reading; re-exports the source, its client interface and the kafkajs client.
import './kafka-source.js';

export { KafkaSource, kafkaSourceProvider, rateLimit } from './kafka-source.js';
export type { KafkaSourceSettings } from './kafka-source.js';
export { KAFKA_HEADERS_TYPE, KAFKA_SCHEMA, KAFKA_SCHEMA_WITH_HEADERS, kafkaRecordBatches } from './kafka-rows.js';
export { describeSubscription, parseKafkaSourceOptions, parseSubscription } from './kafka-source-options.js';
export type { KafkaPosition, KafkaSourceOptions, KafkaSubscription } from './kafka-source-options.js';
export { isSecretOption, parseKafkaClientConfig, redactKafkaOptions } from './kafka-options.js';
export type { KafkaRole } from './kafka-options.js';
export { KAFKAJS_VERSION, KafkajsClient } from './kafkajs-client.js';
export { partitionName } from './kafka-client.js';
export type {
  KafkaClient, KafkaClientConfig, KafkaHeader, KafkaProducer, KafkaRecord, KafkaTransaction, OffsetRange, OffsetSpec, OutgoingRecord,
  PartitionOffset, ProducerOptions, RangeRecords, TopicPartition,
} from './kafka-client.js';
export { PartitionMap } from './partition-map.js';

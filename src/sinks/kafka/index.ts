// The Kafka sink: importing this module registers format('kafka') for writing; re-exports the sink.
import './kafka-sink.js';

export { KafkaSink, kafkaRowLayout, kafkaSinkProvider, parseKafkaSinkOptions } from './kafka-sink.js';
export type { KafkaSinkOptions } from './kafka-sink.js';

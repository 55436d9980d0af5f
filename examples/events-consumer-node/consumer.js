'use strict';
// Reads sage.events (docs/TOPICS.md) with kafkajs, validates every record against our JSON Schema and prints one
// line per event: "<eventId> <eventType> <objectType> <objectId> (instance <id>)".
//
//   npm ci
//   BROKERS=localhost:9092 node consumer.js
//
// Environment: BROKERS (localhost:9092), TOPIC (sage.events), GROUP_ID (unset: read from the beginning without a
// group, as a quick look; set: a consumer group that commits), SCHEMAS_DIR (../../schemas),
// UNTIL_END=1 (stop once every partition's end, as it was at start, is read; print a summary and exit 1 when a
// record failed validation).
const path = require('path');
const fs = require('fs');
const { Kafka, logLevel, CompressionTypes, CompressionCodecs } = require('kafkajs');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

// SETUP STEP for producers that compress with snappy (KAFKA_COMPRESSION=snappy); kafkajs decodes only gzip by itself.
// The default, gzip, needs nothing. lz4 and zstd need kafkajs-lz4 and @kafkajs/zstd the same way (docs/TOPICS.md).
CompressionCodecs[CompressionTypes.Snappy] = require('kafkajs-snappy');

const brokers = (process.env.BROKERS || 'localhost:9092').split(',');
const topic = process.env.TOPIC || 'sage.events';
const groupId = process.env.GROUP_ID;
const untilEnd = process.env.UNTIL_END === '1';
const schemasDir = process.env.SCHEMAS_DIR || path.join(__dirname, '..', '..', 'schemas');

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const schema = JSON.parse(fs.readFileSync(path.join(schemasDir, 'event-notification.v1.schema.json'), 'utf8'));
const validate = ajv.compile(schema);

async function main() {
  const kafka = new Kafka({ clientId: 'sage-events-node-example', brokers, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map(p => [p.partition, BigInt(p.high)]));
  await admin.disconnect();

  // Without a group id, a throwaway group that starts at the beginning and never commits.
  const consumer = kafka.consumer({ groupId: groupId || `sage-events-node-${process.pid}-${Date.now()}` });
  const counts = { records: 0, events: 0, invalid: 0 };
  const done = () => [...ends.entries()].every(([p, end]) => (positions.get(p) || 0n) >= end);
  const positions = new Map();
  let finish;
  const finished = new Promise(resolve => { finish = resolve; });

  consumer.on(consumer.events.CRASH, event => {
    console.error(`consumer crashed: ${event.payload.error && event.payload.error.stack}`);
    process.exit(2);
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: Boolean(groupId),
    eachMessage: async ({ partition, message }) => {
      counts.records++;
      let value;
      try {
        value = JSON.parse(message.value.toString('utf8'));
      } catch (e) {
        value = undefined;
      }
      if (value === undefined || !validate(value)) {
        counts.invalid++;
        console.error(`invalid record at ${topic}-${partition}@${message.offset}: ${ajv.errorsText(validate.errors)}`);
      } else {
        for (const e of value.events) {
          counts.events++;
          console.log(`${e.eventId} ${e.eventType} ${e.objectType} ${e.objectId} (instance ${value.instanceId})`);
        }
      }
      positions.set(partition, BigInt(message.offset) + 1n);
      if (untilEnd && done()) {
        finish();
      }
    },
  });
  if (!untilEnd) {
    return;
  }
  if (done()) {
    finish();
  }
  await finished;
  await consumer.disconnect();
  console.log(`summary ${JSON.stringify(counts)}`);
  process.exit(counts.invalid === 0 ? 0 : 1);
}

main().catch(e => {
  console.error(e.stack || String(e));
  process.exit(2);
});

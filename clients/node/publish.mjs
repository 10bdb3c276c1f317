#!/usr/bin/env node
// Publishes sample events through the Event Streaming Gateway (eventgateway.v1.PublisherService),
// loading the contract's .proto files at run time. Prints one JSON summary line on stdout and exits
// 0 only if every event was acknowledged. See README.md.
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const HERE = dirname(fileURLToPath(import.meta.url));
const USAGE = `usage: node publish.mjs [--target host:port] [--stream name] [--subjects n]
       [--per-subject n] [--mode stream|batch|unary] [--batch-size n] [--proto-dir dir]`;

// google/rpc/status.proto (google.rpc.Status, in every result) comes from google-proto-files.
const GOOGLE_PROTOS = fileURLToPath(
  new URL('../..', import.meta.resolve('google-proto-files/google/rpc/status.proto')),
);

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string', default: '127.0.0.1:50051' },
      stream: { type: 'string', default: 'events' },
      subjects: { type: 'string', default: '5' },
      'per-subject': { type: 'string', default: '20' },
      mode: { type: 'string', default: 'stream' },
      'batch-size': { type: 'string', default: '100' },
      'proto-dir': { type: 'string', default: join(HERE, '../../gateway-api/src/main/proto') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const count = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  if (!['stream', 'batch', 'unary'].includes(values.mode)) {
    throw new Error('--mode must be stream, batch or unary');
  }
  return {
    help: values.help,
    target: values.target,
    stream: values.stream,
    subjects: count('subjects'),
    perSubject: count('per-subject'),
    mode: values.mode,
    batchSize: count('batch-size'),
    protoDir: resolve(values['proto-dir']),
  };
}

function loadPublisherService(protoDir) {
  const definition = protoLoader.loadSync('eventgateway/v1/publisher.proto', {
    includeDirs: [protoDir, GOOGLE_PROTOS],
    keepCase: true,
    longs: Number,
    defaults: true,
  });
  return grpc.loadPackageDefinition(definition).eventgateway.v1.PublisherService;
}

/** The events to publish, subjects interleaved, each subject's in `seq` order. */
function sampleEvents({ subjects, perSubject }) {
  const events = [];
  for (let seq = 1; seq <= perSubject; seq++) {
    for (let i = 1; i <= subjects; i++) {
      const now = Date.now();
      events.push({
        id: `node-${i}-${seq}`,
        source: '/clients/node',
        type: 'com.example.node',
        subject: `node-subject-${i}`,
        time: { seconds: Math.floor(now / 1000), nanos: (now % 1000) * 1_000_000 },
        data_content_type: 'application/json',
        data: Buffer.from(JSON.stringify({ seq })),
        attributes: { seq: String(seq) },
      });
    }
  }
  return events;
}

const deadline = () => ({ deadline: Date.now() + 60_000 });

function outcome(result) {
  // An absent status is the default google.rpc.Status: code 0, OK.
  if (!result.status || result.status.code === 0) {
    return { id: result.event_id, partition: result.partition, offset: result.offset };
  }
  return { id: result.event_id, error: `${grpc.status[result.status.code]}: ${result.status.message}` };
}

function callError(error) {
  return `${grpc.status[error.code] ?? 'ERROR'}: ${error.details || error.message}`;
}

// Each publish function appends one outcome per event to `results`, in the order sent, and
// throws when a call fails as a whole.
async function publishUnary(client, stream, events, results) {
  for (const event of events) {
    try {
      const response = await new Promise((ok, fail) =>
        client.Publish({ stream, event }, deadline(), (e, r) => (e ? fail(e) : ok(r))),
      );
      results.push(outcome(response.result));
    } catch (error) {
      results.push({ id: event.id, error: callError(error) });
    }
  }
}

async function publishBatch(client, stream, events, results, batchSize) {
  for (let from = 0; from < events.length; from += batchSize) {
    const batch = events.slice(from, from + batchSize);
    const response = await new Promise((ok, fail) =>
      client.PublishBatch({ stream, events: batch }, deadline(), (e, r) => (e ? fail(e) : ok(r))),
    );
    results.push(...response.results.map(outcome));
  }
}

async function publishStream(client, stream, events, results) {
  const call = client.PublishStream(deadline());
  call.on('data', (response) => results.push(outcome(response.result)));
  const finished = once(call, 'end');
  const writeAll = async () => {
    for (const event of events) {
      // honour flow control: wait while the call's send buffer is full
      if (!call.write({ stream, event })) await once(call, 'drain');
    }
    call.end();
  };
  try {
    await Promise.all([writeAll(), finished]);
  } catch (error) {
    call.cancel();
    throw error;
  }
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const PublisherService = loadPublisherService(options.protoDir);
  const client = new PublisherService(options.target, grpc.credentials.createInsecure());
  const events = sampleEvents(options);
  const results = [];
  try {
    if (options.mode === 'unary') {
      await publishUnary(client, options.stream, events, results);
    } else if (options.mode === 'batch') {
      await publishBatch(client, options.stream, events, results, options.batchSize);
    } else {
      await publishStream(client, options.stream, events, results);
    }
  } catch (error) {
    // a call failed as a whole: the events without a result count as failed
    console.error(`${options.mode} call to ${options.target} failed: ${callError(error)}`);
  } finally {
    client.close();
  }
  const acknowledged = results.filter((r) => r.error === undefined).length;
  for (const r of results.filter((r) => r.error !== undefined)) {
    console.error(`event ${r.id} failed: ${r.error}`);
  }
  const failed = events.length - acknowledged;
  console.log(JSON.stringify({ acknowledged, failed, results }));
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main().catch((error) => {
  console.error(error.stack ?? String(error));
  return 1;
});

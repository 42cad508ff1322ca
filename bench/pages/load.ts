/**
 * The load generator in its own process: autocannon against one URL for a fixed time. Node runs
 * this file as is (type stripping). Prints a JSON summary: req/s, latency (ms), errors, bytes/s.
 */
import autocannon from "autocannon";

const [url, secondsArg, connectionsArg] = process.argv.slice(2);
const result = await autocannon({ url: url!, duration: Number(secondsArg ?? 10), connections: Number(connectionsArg ?? 32) });
console.log(
  JSON.stringify({
    rps: result.requests.average,
    p99: result.latency.p99,
    mean: result.latency.mean,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerSecond: result.throughput.average,
  }),
);

// Listen to the `user` stream with masto.js's streaming client, as Elk and Phanpy do: a WebSocket to the
// instance's `configuration.urls.streaming`, the token in the Sec-WebSocket-Protocol header.
//
//   node --experimental-websocket stream.mjs ws://127.0.0.1:PORT TOKEN MARKER [EVENT]
//
// It subscribes to `user`, then to `hashtag` MARKER (the test waits for that subscription to know `user` is
// on), and prints the first EVENT (`update` by default, or `notification`) it receives as
// {"id": ..., "stream": [...]} (a notification adds its "type" and its post's "status" id) before exiting.
// tests/streaming/test_clients.py runs it.

import { createStreamingAPIClient } from "masto";

// masto.js 8 calls Promise.withResolvers (ES2024), which Node gained in 22; Debian's Node 20 lacks it.
if (!Promise.withResolvers) {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise, resolve, reject };
  };
}

const [streamingApiUrl, accessToken, marker, wanted = "update"] = process.argv.slice(2);
const client = createStreamingAPIClient({ streamingApiUrl, accessToken, retry: false });
const timer = setTimeout(() => {
  process.stderr.write(`no ${wanted} within 30 s\n`);
  process.exit(1);
}, 30_000);

// A subscription is sent when it is first iterated: `user` first, then the marker, on the one socket.
async function firstWanted() {
  for await (const event of client.user.subscribe()) {
    if (event.event === wanted) return event;
  }
  throw new Error("the stream ended");
}
const arrival = firstWanted();
const markerSubscription = client.hashtag.subscribe({ tag: marker });
(async () => {
  for await (const _ of markerSubscription);
})().catch(() => {});

const event = await arrival;
const seen = { id: event.payload.id, stream: event.stream };
if (wanted === "notification") {
  seen.type = event.payload.type;
  seen.status = event.payload.status?.id;
}
process.stdout.write(JSON.stringify(seen) + "\n");
clearTimeout(timer);
client.close();
process.exit(0);

// Listen to the `user` stream with masto.js's streaming client, as Elk and Phanpy do: a WebSocket to the
// instance's `configuration.urls.streaming`, the token in the Sec-WebSocket-Protocol header.
//
//   node --experimental-websocket stream.mjs ws://127.0.0.1:PORT TOKEN MARKER
//
// It subscribes to `user`, then to `hashtag` MARKER (the test waits for that subscription to know `user` is
// on), and prints the first `update` it receives as {"id": ..., "stream": [...]} before exiting.
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

const [streamingApiUrl, accessToken, marker] = process.argv.slice(2);
const client = createStreamingAPIClient({ streamingApiUrl, accessToken, retry: false });
const timer = setTimeout(() => {
  process.stderr.write("no update within 30 s\n");
  process.exit(1);
}, 30_000);

// A subscription is sent when it is first iterated: `user` first, then the marker, on the one socket.
async function firstUpdate() {
  for await (const event of client.user.subscribe()) {
    if (event.event === "update") return event;
  }
  throw new Error("the stream ended");
}
const update = firstUpdate();
const markerSubscription = client.hashtag.subscribe({ tag: marker });
(async () => {
  for await (const _ of markerSubscription);
})().catch(() => {});

const event = await update;
process.stdout.write(JSON.stringify({ id: event.payload.id, stream: event.stream }) + "\n");
clearTimeout(timer);
client.close();
process.exit(0);

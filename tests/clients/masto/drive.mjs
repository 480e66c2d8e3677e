// Drive a Photogram server with masto.js, the library Elk and Phanpy are built on, as a web client would:
// JSON bodies everywhere masto.js sends them (apps, /oauth/token, follows, posts, lists, filters, markers),
// multipart where it sends multipart (registration, media). Each feature is checked on its own and reported,
// so one that the server does not serve yet does not hide the others:
//
//   node drive.mjs http://127.0.0.1:PORT   ->   {"features": {"<name>": {"ok": true} | {"ok": false, "error": "..."}}}
//
// tests/clients/test_masto_js.py runs it against a live test server and asserts on every feature.

import { createOAuthAPIClient, createRestAPIClient } from "masto";

const url = process.argv[2];
const SCOPES = "read write follow push";
const REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";
const PASSWORD = "correct horse battery staple";
// An 8x8 PNG: masto.js uploads a Blob, as a browser does.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAFElEQVR4nGM8oaHBgA0wYRUdtBIA4DgBKJ8lCQoAAAAASUVORK5CYII=",
  "base64",
);

const features = {};
const state = {};

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function describe(error) {
  const status = error?.statusCode ? `HTTP ${error.statusCode}: ` : "";
  return `${status}${error?.message ?? String(error)}`;
}

// Run one feature's calls; a feature whose prerequisite failed is reported as not reached.
async function feature(name, needs, body) {
  const missing = needs.filter((other) => !features[other]?.ok);
  if (missing.length) {
    features[name] = { ok: false, error: `not reached: needs ${missing.join(", ")}` };
    return;
  }
  try {
    await body();
    features[name] = { ok: true };
  } catch (error) {
    features[name] = { ok: false, error: describe(error) };
  }
}

// Read until `found` holds: home and list feeds are filled by fan-out, asynchronous on the full profile.
async function eventually(read, found, what) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (found(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} (last read: ${JSON.stringify(value).slice(0, 300)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// The same token request with a form body, to carry on past a server that takes only forms at /oauth/token.
async function formToken(fields) {
  const response = await fetch(`${url}/oauth/token`, { method: "POST", body: new URLSearchParams(fields) });
  const body = await response.json();
  if (!response.ok) throw new Error(`form token request answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

const anonymous = createRestAPIClient({ url });
const oauth = createOAuthAPIClient({ url });
const client = (accessToken) => createRestAPIClient({ url, accessToken, mediaTimeout: 90_000 });

await feature("instance", [], async () => {
  const instance = await anonymous.v2.instance.fetch();
  check(typeof instance.version === "string" && instance.version.length > 0, "version missing");
  check(instance.configuration.statuses.maxMediaAttachments >= 1, "max_media_attachments missing");
});

await feature("create_app", [], async () => {
  const app = await anonymous.v1.apps.create({ clientName: "masto.js test", redirectUris: REDIRECT_URI, scopes: SCOPES });
  check(app.clientId && app.clientSecret, `no client credentials in ${JSON.stringify(app)}`);
  state.app = app;
});

const appCredentials = () => ({
  clientId: state.app.clientId,
  clientSecret: state.app.clientSecret,
  redirectUri: REDIRECT_URI,
  scope: SCOPES,
});

await feature("client_credentials_token_json", ["create_app"], async () => {
  const token = await oauth.token.create({ grantType: "client_credentials", ...appCredentials() });
  check(token.accessToken, "no access_token");
  state.appToken = token.accessToken;
});
if (features.create_app.ok && !state.appToken) {
  state.appToken = await formToken({
    grant_type: "client_credentials",
    client_id: state.app.clientId,
    client_secret: state.app.clientSecret,
    redirect_uri: REDIRECT_URI,
    scope: SCOPES,
  }).catch(() => undefined);
}

await feature("register", ["create_app"], async () => {
  check(state.appToken, "no app token to register with");
  const registrar = client(state.appToken);
  for (const name of ["mastoalice", "mastobob"]) {
    const token = await registrar.v1.accounts.create({
      username: name,
      email: `${name}@example.org`,
      password: PASSWORD,
      agreement: true,
      locale: "en",
    });
    check(token.accessToken, `no token for ${name}`);
    state[name] = client(token.accessToken);
  }
  state.bobId = (await state.mastobob.v1.accounts.verifyCredentials()).id;
});

await feature("password_grant_json", ["register"], async () => {
  const token = await oauth.token.create({
    grantType: "password",
    username: "mastoalice@example.org",
    password: PASSWORD,
    ...appCredentials(),
  });
  const me = await client(token.accessToken).v1.accounts.verifyCredentials();
  check(me.username === "mastoalice", `logged in as ${me.username}`);
  state.passwordToken = token.accessToken;
});

await feature("follow", ["register"], async () => {
  const relationship = await state.mastoalice.v1.accounts.$select(state.bobId).follow();
  check(relationship.following === true, `following is ${relationship.following}`);
});

// Lists are made before Bob posts, so the list feed holds the post whatever the server does for older posts.
await feature("list_create", ["follow"], async () => {
  const list = await state.mastoalice.v1.lists.create({ title: "Friends" });
  check(list.id && list.title === "Friends", `list is ${JSON.stringify(list)}`);
  await state.mastoalice.v1.lists.$select(list.id).accounts.create({ accountIds: [state.bobId] });
  const members = await state.mastoalice.v1.lists.$select(list.id).accounts.list();
  check(members.some((account) => account.id === state.bobId), "Bob is not a member");
  const lists = await state.mastoalice.v1.lists.list();
  check(lists.some((each) => each.id === list.id), "the new list is not listed");
  state.listId = list.id;
});

await feature("upload_media", ["register"], async () => {
  const media = await state.mastobob.v2.media.create({
    file: new Blob([PNG], { type: "image/png" }),
    description: "eight by eight",
  });
  check(media.type === "image" && media.url, `attachment is ${JSON.stringify(media)}`);
  check(media.description === "eight by eight", `description is ${media.description}`);
  state.mediaId = media.id;
});

await feature("post", ["upload_media"], async () => {
  const status = await state.mastobob.v1.statuses.create({
    status: "Hello from masto.js #mastojs",
    mediaIds: [state.mediaId],
    visibility: "public",
  });
  check(status.mediaAttachments.length === 1 && status.mediaAttachments[0].id === state.mediaId, "media not attached");
  check(status.account.id === state.bobId, "posted by someone else");
  state.statusId = status.id;
});

await feature("home_timeline", ["follow", "post"], async () => {
  await eventually(
    () => state.mastoalice.v1.timelines.home.list({ limit: 20 }),
    (page) => page.some((status) => status.id === state.statusId),
    "Bob's post never reached Alice's home timeline",
  );
});

await feature("list_timeline", ["list_create", "post"], async () => {
  await eventually(
    () => state.mastoalice.v1.timelines.list.$select(state.listId).list({ limit: 20 }),
    (page) => page.some((status) => status.id === state.statusId),
    "Bob's post never reached Alice's list timeline",
  );
});

await feature("search", ["register"], async () => {
  const found = await state.mastoalice.v2.search.list({ q: "mastobob", type: "accounts", limit: 5 });
  check(found.accounts.some((account) => account.id === state.bobId), "Bob not found by v2 search");
  const matches = await state.mastoalice.v1.accounts.search.list({ q: "mastob", limit: 5 });
  check(matches.some((account) => account.id === state.bobId), "Bob not found by accounts search");
});

await feature("filters_v2", ["register"], async () => {
  const filter = await state.mastoalice.v2.filters.create({
    title: "No spoilers",
    context: ["home", "public"],
    filterAction: "warn",
    keywordsAttributes: [{ keyword: "spoiler", wholeWord: true }],
  });
  check(filter.title === "No spoilers" && filter.filterAction === "warn", `filter is ${JSON.stringify(filter)}`);
  check(filter.keywords.length === 1 && filter.keywords[0].keyword === "spoiler", "keyword not kept");
  const filters = await state.mastoalice.v2.filters.list();
  check(filters.some((each) => each.id === filter.id), "the new filter is not listed");
});

await feature("markers", ["home_timeline"], async () => {
  const set = await state.mastoalice.v1.markers.create({ home: { lastReadId: state.statusId } });
  check(set.home?.lastReadId === state.statusId, `set answered ${JSON.stringify(set)}`);
  const read = await state.mastoalice.v1.markers.fetch({ timeline: ["home"] });
  check(read.home?.lastReadId === state.statusId, `read answered ${JSON.stringify(read)}`);
});

await feature("revoke_json", ["password_grant_json"], async () => {
  await oauth.revoke({ clientId: state.app.clientId, clientSecret: state.app.clientSecret, token: state.passwordToken });
  const refused = await client(state.passwordToken)
    .v1.accounts.verifyCredentials()
    .then(() => undefined, (error) => error);
  check(refused?.statusCode === 401, `the revoked token still works (${describe(refused)})`);
});

process.stdout.write(`${JSON.stringify({ features })}\n`);

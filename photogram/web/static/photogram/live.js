// The live parts of a signed-in page, over the streaming API's WebSocket (photogram/web/live.py):
// - a new notification raises the unread badge on the notifications tab, and on /notifications the
//   server renders it on top of the list;
// - a new post for the home feed shows the "New posts" button, which puts the new posts on top of the feed.
// The socket carries the session cookie; the server takes it only from our own pages (their Origin).
"use strict";

(function () {
  var address = document.body.getAttribute("data-stream");
  if (!address || !window.WebSocket || !window.htmx) {
    return;
  }
  var FIRST_RETRY_MS = 1000;
  var LAST_RETRY_MS = 60000;
  var retry = FIRST_RETRY_MS;

  function newestId(list, selector) {
    var first = list.querySelector(selector);
    return first ? first.getAttribute("data-id") : null;
  }

  function raiseBadge() {
    var unread = document.getElementById("unread");
    if (!unread) {
      return;
    }
    var badge = unread.querySelector(".badge");
    var count = Number(badge.getAttribute("data-count")) + 1;
    badge.setAttribute("data-count", String(count));
    badge.textContent = count > 99 ? "99+" : String(count);
    unread.hidden = false;
  }

  // Ask the server for what is above the newest item shown, rendered as the page renders it.
  function putOnTop(list, path, selector) {
    var newest = newestId(list, selector);
    var url = newest ? path + "?since_id=" + encodeURIComponent(newest) : path;
    var before = list.firstElementChild;
    return window.htmx.ajax("GET", url, { target: list, swap: "afterbegin" }).then(function () {
      list.querySelectorAll("[data-placeholder]").forEach(function (placeholder) {
        placeholder.remove();
      });
      return list.firstElementChild !== before ? list.firstElementChild : null;
    });
  }

  function notificationArrived() {
    raiseBadge();
    var list = document.getElementById("notification-list");
    if (list) {
      putOnTop(list, "/notifications", "li[data-id]");
    }
  }

  function postArrived(payload) {
    var feed = document.getElementById("feed");
    var button = document.getElementById("new-posts");
    if (!feed || !button) {
      return;
    }
    var post = JSON.parse(payload);
    if (!feed.querySelector('[data-id="' + String(post.id).replace(/\D/g, "") + '"]')) {
      button.hidden = false;
    }
  }

  function showNewPosts() {
    var feed = document.getElementById("feed");
    var button = document.getElementById("new-posts");
    button.hidden = true;
    putOnTop(feed, "/", "article[data-id]").then(function (first) {
      if (first) {
        // Where the reader goes next: the first new post, announced by its caption (aria-labelledby).
        first.setAttribute("tabindex", "-1");
        first.focus();
      }
    });
  }

  function connect() {
    var socket = new WebSocket(address + "?stream=user");
    socket.addEventListener("open", function () {
      retry = FIRST_RETRY_MS;
    });
    socket.addEventListener("message", function (message) {
      var data = JSON.parse(message.data);
      if (data.event === "notification") {
        notificationArrived();
      } else if (data.event === "update") {
        postArrived(data.payload);
      }
    });
    socket.addEventListener("close", function () {
      // The server restarted, the network dropped, or the session ended: try again, less and less often.
      window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, LAST_RETRY_MS);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("new-posts");
    if (button) {
      button.addEventListener("click", showNewPosts);
    }
    connect();
  });
})();

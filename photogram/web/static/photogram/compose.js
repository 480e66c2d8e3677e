// The compose page's script, over a form that works without it (photogram/web/views/posting.py):
// - each chosen or dropped file is uploaded at once, with its own progress bar, and replaced by the list
//   item the server answers (htmx then asks after its state until it is processed);
// - "Earlier", "Later" and "Remove" act in the page instead of sending the form;
// - the caption completes the #hashtag or @name being typed from what the server suggests;
// - "Share" waits for every upload, and is sent once.
"use strict";

(function () {
  var form = document.querySelector("[data-compose]");
  if (!form) {
    return;
  }
  var list = form.querySelector("[data-uploads]");
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector("[data-drop-zone]");
  var status = form.querySelector("[data-compose-status]");
  var pending = document.getElementById("upload-pending");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var maxItems = Number(form.getAttribute("data-max-items"));
  var uploading = 0;
  var sent = false;

  form.classList.add("scripted"); // the stylesheet hides the no-script "Upload" button

  function text(name, values) {
    var template = form.getAttribute("data-text-" + name) || "";
    return template.replace(/%\((\w+)\)s/g, function (whole, key) {
      return values && key in values ? String(values[key]) : whole;
    });
  }

  function say(message) {
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message; // a change the live region announces, even when it repeats
    }, 50);
  }

  function items() {
    return Array.prototype.slice.call(list.querySelectorAll("li.upload:not(.refused)"));
  }

  function renumber() {
    items().forEach(function (row, index) {
      row.querySelectorAll("[data-place]").forEach(function (place) {
        place.textContent = String(index + 1);
      });
    });
    // Photos already made keep their shape: the crop is chosen before the first upload.
    form.querySelectorAll("[data-crop] input").forEach(function (radio) {
      radio.disabled = items().length > 0;
    });
  }

  function chosenCrop() {
    var checked = form.querySelector("[data-crop] input:checked");
    return checked ? checked.value : "";
  }

  function answerOf(request) {
    var holder = document.createElement("template");
    holder.innerHTML = request.responseText.trim();
    var answer = holder.content.firstElementChild;
    return answer && answer.matches("li.upload") ? answer : null;
  }

  function upload(file) {
    var row = pending.content.firstElementChild.cloneNode(true);
    var bar = row.querySelector("[data-progress]");
    row.querySelector("[data-name]").textContent = file.name;
    bar.setAttribute("aria-label", text("uploading", { name: file.name }));
    list.appendChild(row);
    var data = new FormData();
    data.append("file", file);
    data.append("crop", chosenCrop());
    data.append("place", String(items().length));
    var request = new XMLHttpRequest();
    request.open("POST", form.getAttribute("data-upload-url"));
    request.setRequestHeader("X-CSRFToken", token);
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        bar.value = Math.round((event.loaded / event.total) * 100);
      }
    });
    uploading += 1;
    request.addEventListener("loadend", function () {
      uploading -= 1;
      var answer = [201, 400, 422].indexOf(request.status) >= 0 ? answerOf(request) : null;
      if (!answer) {
        answer = document.createElement("li");
        answer.className = "upload refused";
        answer.setAttribute("role", "alert");
        answer.textContent = text("failed", { name: file.name });
      }
      row.replaceWith(answer);
      if (window.htmx) {
        window.htmx.process(answer);
      }
      renumber();
    });
    request.send(data);
  }

  function take(files) {
    var chosen = Array.prototype.slice.call(files);
    if (items().length + chosen.length > maxItems) {
      say(text("too-many"));
      chosen = chosen.slice(0, Math.max(0, maxItems - items().length));
    }
    chosen.forEach(upload);
    renumber();
  }

  input.addEventListener("change", function () {
    take(input.files);
    input.value = ""; // sent already: "Share" must not send them again
  });

  zone.addEventListener("dragover", function (event) {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", function () {
    zone.classList.remove("dragging");
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      take(event.dataTransfer.files);
    }
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) {
      return;
    }
    var row = button.closest("li.upload");
    if (button.hasAttribute("data-dismiss")) {
      row.remove();
      input.focus();
      return;
    }
    if (button.hasAttribute("data-remove")) {
      event.preventDefault();
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      (next ? next.querySelector("textarea") : input).focus();
      say(text("removed"));
      return;
    }
    var direction = button.getAttribute("data-move");
    if (direction) {
      event.preventDefault();
      var other = direction === "earlier" ? row.previousElementSibling : row.nextElementSibling;
      if (other) {
        list.insertBefore(row, direction === "earlier" ? other : other.nextElementSibling);
        button.focus();
        renumber();
        say(text("moved", { place: items().indexOf(row) + 1 }));
      }
    }
  });

  form.addEventListener("submit", function (event) {
    var busy = list.querySelector("li.pending, [data-state=pending], [data-state=processing]");
    if (sent || uploading > 0 || busy) {
      event.preventDefault();
      if (!sent) {
        say(text("wait"));
      }
      return;
    }
    sent = true; // a second click while the first is on its way sends nothing (the key guards the server too)
    form.setAttribute("aria-busy", "true");
  });
  // Back from the next page in the history: the form may be sent again (the server's key still holds).
  window.addEventListener("pageshow", function () {
    sent = false;
    form.removeAttribute("aria-busy");
  });

  // Caption completion: the textarea keeps focus; the arrows move through the list, Enter or Tab takes one.
  var caption = form.querySelector("textarea[aria-controls=caption-suggestions]");
  var box = document.getElementById("caption-suggestions");
  var found = [];
  var active = -1;
  var typed = null;
  var asking = 0;

  function wordAtCaret() {
    var before = caption.value.slice(0, caption.selectionStart);
    var match = /(?:^|\s)([#@][\p{L}\p{N}_]+)$/u.exec(before);
    return match ? { text: match[1], start: before.length - match[1].length } : null;
  }

  function close() {
    box.hidden = true;
    box.replaceChildren();
    found = [];
    active = -1;
    caption.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    active = index;
    box.querySelectorAll("[role=option]").forEach(function (option, position) {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    caption.setAttribute("aria-activedescendant", "caption-suggestion-" + index);
  }

  function pick(index) {
    var chosen = found[index].value + " ";
    var before = caption.value.slice(0, typed.start);
    var after = caption.value.slice(caption.selectionStart).replace(/^[\p{L}\p{N}_]*/u, "");
    caption.value = before + chosen + after;
    var caret = before.length + chosen.length;
    caption.setSelectionRange(caret, caret);
    close();
    caption.focus();
  }

  function show(suggestions) {
    close();
    found = suggestions;
    if (!found.length) {
      return;
    }
    found.forEach(function (suggestion, index) {
      var option = document.createElement("li");
      option.id = "caption-suggestion-" + index;
      option.setAttribute("role", "option");
      option.textContent = suggestion.label;
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the caret in the caption
        pick(index);
      });
      box.appendChild(option);
    });
    box.hidden = false;
    highlight(0);
    say(text("suggestions", { count: found.length }));
  }

  caption.addEventListener("input", function () {
    typed = wordAtCaret();
    if (!typed) {
      close();
      return;
    }
    var asked = typed.text;
    var ticket = ++asking;
    var address = form.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(asked);
    fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (body) {
        if (ticket === asking && typed && typed.text === asked) {
          show(body.suggestions);
        }
      })
      .catch(close);
  });

  caption.addEventListener("keydown", function (event) {
    if (box.hidden) {
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + found.length) % found.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  caption.addEventListener("blur", close);

  renumber();
})();

// ParkDesk staff console: small enhancements over pages that work without JavaScript — the inbox hears of new
// leads (server-sent events) and reloads its list in place, buttons copy text, and cards move on the board by
// dragging (the buttons on each card do the same without a mouse or without JavaScript).
(function () {
  "use strict";
  var csrf = document.querySelector("input[name=_csrf]");

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    var text = source ? (source.value || source.textContent) : "";
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { button.textContent = "已复制"; });
  });

  var inbox = document.querySelector("[data-live]");
  if (inbox && window.EventSource) {
    var live = document.getElementById("live");
    var newest = null;
    var source = new EventSource(inbox.getAttribute("data-live"));
    source.addEventListener("hello", function (event) { newest = event.data; });
    source.addEventListener("lead", function (event) {
      if (event.data === newest) return;
      newest = event.data;
      fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("rows");
          var rows = document.getElementById("rows");
          if (fresh && rows) {
            var known = {};
            rows.querySelectorAll("input[name=ref]").forEach(function (box) { known[box.value] = box.checked; });
            rows.innerHTML = fresh.innerHTML;
            rows.querySelectorAll("input[name=ref]").forEach(function (box) {
              if (known[box.value]) box.checked = true;
            });
            if (live) live.textContent = "有新线索，列表已更新。";
          }
        })
        .catch(function () { if (live) live.textContent = "有新线索，请刷新页面。"; });
    });
  }

  var dragged = null;
  document.querySelectorAll(".card[draggable]").forEach(function (card) {
    card.addEventListener("dragstart", function () { dragged = card; });
  });
  document.querySelectorAll(".column").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (dragged && (" " + dragged.dataset.moves).indexOf(" " + column.dataset.status + " ") >= 0) {
        event.preventDefault();
        column.classList.add("over");
      }
    });
    column.addEventListener("dragleave", function () { column.classList.remove("over"); });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("over");
      if (!dragged || !csrf) return;
      var body = new URLSearchParams();
      body.set("_csrf", csrf.value);
      body.set("status", column.dataset.status);
      body.set("version", dragged.dataset.version);
      body.set("from", dragged.closest(".column").dataset.status);
      body.set("back", "/staff/board");
      fetch("/staff/leads/" + dragged.dataset.ref + "/status", { method: "POST", body: body, credentials: "same-origin" })
        .then(function () { window.location.reload(); });
    });
  });
})();

// The listing pages: the form shows the sections of the chosen kind; photos upload one request each with their own
// progress and error; photos reorder by dragging (the buttons do the same without JavaScript).
(function () {
  "use strict";
  var kind = document.getElementById("f-kind");
  function showKind() {
    document.querySelectorAll("#listing-form fieldset[data-kinds]").forEach(function (set) {
      var kinds = set.getAttribute("data-kinds");
      var shown = !kinds || !kind.value || (" " + kinds + " ").indexOf(" " + kind.value + " ") >= 0;
      set.hidden = !shown;
      set.disabled = !shown;
    });
  }
  if (kind) kind.addEventListener("change", showKind);

  function refreshGallery(done) {
    fetch(window.location.pathname, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["gallery", "listing-meta"].forEach(function (id) {
          var part = fresh.getElementById(id);
          if (part && document.getElementById(id)) document.getElementById(id).replaceWith(part);
        });
        var media = fresh.getElementById("media");
        if (media) {
          document.querySelectorAll("input[name=version]").forEach(function (input) {
            if (!input.closest("#listing-form")) input.value = media.getAttribute("data-version");
          });
        }
        bindDragging();
        if (done) done();
      })
      .catch(function () { window.location.reload(); });
  }

  var upload = document.getElementById("upload");
  if (upload && window.FormData && window.XMLHttpRequest) {
    upload.addEventListener("submit", function (event) {
      var input = upload.querySelector("input[type=file]");
      if (!input.files.length) return;
      event.preventDefault();
      var list = document.getElementById("progress");
      list.innerHTML = "";
      var files = Array.prototype.slice.call(input.files);
      var left = files.length;
      var next = 0;
      function finish() {
        left -= 1;
        if (left === 0) { input.value = ""; refreshGallery(); } else if (next < files.length) send(files[next++]);
      }
      function send(file) {
        var item = document.createElement("li");
        var name = document.createElement("span");
        name.textContent = file.name + " ";
        var bar = document.createElement("progress");
        bar.max = 100; bar.value = 0;
        bar.setAttribute("aria-label", file.name + " 上传进度");
        var state = document.createElement("span");
        state.className = "state";
        item.appendChild(name); item.appendChild(bar); item.appendChild(state);
        list.appendChild(item);
        var body = new FormData();
        body.append("_csrf", upload.querySelector("input[name=_csrf]").value);
        body.append("kind", upload.querySelector("select[name=kind]").value);
        body.append("file", file, file.name);
        var request = new XMLHttpRequest();
        request.open("POST", upload.getAttribute("action"));
        request.setRequestHeader("Accept", "application/json");
        request.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) bar.value = Math.round(e.loaded * 100 / e.total);
        });
        request.addEventListener("load", function () {
          var answer = {};
          try { answer = JSON.parse(request.responseText); } catch (e) { answer = {}; }
          if (request.status === 201) {
            bar.value = 100; state.textContent = "已上传"; item.className = "ok";
          } else {
            state.textContent = answer.error || ("上传失败（" + request.status + "）"); item.className = "bad";
          }
          finish();
        });
        request.addEventListener("error", function () {
          state.textContent = "网络中断，未上传，请重试"; item.className = "bad"; finish();
        });
        request.send(body);
      }
      // one after another, so that the photos keep the order they were chosen in
      send(files[next++]);
    });
  }

  var moving = null;
  function bindDragging() {
    var media = document.getElementById("media");
    if (!media || !csrfValue()) return;
    media.querySelectorAll(".media-item[draggable=true]").forEach(function (item) {
      item.addEventListener("dragstart", function () { moving = item; item.classList.add("moving"); });
      item.addEventListener("dragend", function () { item.classList.remove("moving"); });
      item.addEventListener("dragover", function (event) { if (moving) event.preventDefault(); });
      item.addEventListener("drop", function (event) {
        event.preventDefault();
        if (!moving || moving === item) return;
        var body = new URLSearchParams();
        body.set("_csrf", csrfValue());
        body.set("version", media.getAttribute("data-version"));
        body.set("position", moving.getAttribute("data-position"));
        body.set("to", item.getAttribute("data-position"));
        body.set("action", "move");
        moving = null;
        fetch(media.getAttribute("data-action"), { method: "POST", body: body, credentials: "same-origin" })
          .then(function () { refreshGallery(); });
      });
    });
  }
  function csrfValue() {
    var input = document.querySelector("input[name=_csrf]");
    return input ? input.value : "";
  }
  bindDragging();
})();

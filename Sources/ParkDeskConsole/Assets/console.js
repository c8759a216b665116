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

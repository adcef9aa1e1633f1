/* FAST Forum: similar questions under the title while a question is being written (progressive
 * enhancement: the ask form works the same without this file).
 *
 * Acts on #similar-questions (a polite live region) next to the #title and #body fields. A short pause
 * in typing asks /api/v1/search/similar, which only returns published questions this viewer may see.
 * Failures are silent: the list is a help, never in the way of asking.
 */
(function () {
  "use strict";

  var region = document.getElementById("similar-questions");
  var title = document.getElementById("title");
  var body = document.getElementById("body");
  if (!region || !title || typeof window.fetch !== "function" || typeof window.URLSearchParams !== "function") return;

  var MIN_TITLE = 8;
  var DELAY_MS = 350;
  var BODY_CHARS = 1000;  // the server reads 2000 characters at most; the title and the start say most
  var lang = (document.documentElement.lang || "nl").slice(0, 2) === "en" ? "en" : "nl";
  var TEXT = {
    nl: {
      heading: "Vergelijkbare vragen — misschien beantwoordt een ervan de jouwe al",
      answered: "Beantwoord",
      resolved: "Opgelost",
      newTab: "(opent in een nieuw tabblad)"
    },
    en: {
      heading: "Similar questions — maybe one already answers yours",
      answered: "Answered",
      resolved: "Resolved",
      newTab: "(opens in a new tab)"
    }
  }[lang];

  var timer = null;
  var asked = "";      // the text of the last lookup sent
  var shown = "";      // the thread ids on screen, so an unchanged list is not announced again
  var latest = 0;      // only the newest answer is shown, whatever order answers arrive in
  var pending = null;  // the AbortController of the lookup under way

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, DELAY_MS);
  }

  function lookUp() {
    var titleText = title.value.trim();
    if (titleText.length < MIN_TITLE) {
      asked = "";
      latest += 1;
      render([]);
      return;
    }
    var bodyText = body ? body.value.trim().slice(0, BODY_CHARS) : "";
    var key = titleText + "\n" + bodyText;
    if (key === asked) return;
    asked = key;
    if (pending) pending.abort();
    pending = typeof window.AbortController === "function" ? new AbortController() : null;
    var number = ++latest;
    var params = new URLSearchParams({ title: titleText, body: bodyText });
    window.fetch("/api/v1/search/similar?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: pending ? pending.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (number !== latest || !data || !Array.isArray(data.items)) return;
      render(data.items.slice(0, 5));
    }).catch(function () {
      if (number === latest) asked = "";  // try again on the next pause
    });
  }

  function render(items) {
    var ids = items.map(function (item) { return item.thread_id; }).join(",");
    if (ids === shown) return;
    shown = ids;
    region.textContent = "";
    if (!items.length) return;
    var heading = document.createElement("p");
    heading.className = "similar-heading";
    heading.id = "similar-heading";
    heading.textContent = TEXT.heading;
    var list = document.createElement("ul");
    list.className = "similar-list";
    list.setAttribute("aria-labelledby", "similar-heading");
    items.forEach(function (item) {
      var url = String(item.url || "");
      if (url.charAt(0) !== "/" || url.charAt(1) === "/") return;  // only this site's own pages
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = String(item.title || "");
      var hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = " " + TEXT.newTab;
      link.appendChild(hint);
      entry.appendChild(link);
      if (item.answered) {
        var badge = document.createElement("span");
        var status = item.status === "resolved" ? "resolved" : "answered";
        badge.className = "badge status status-" + status;
        badge.textContent = TEXT[status];
        entry.appendChild(document.createTextNode(" "));
        entry.appendChild(badge);
      }
      list.appendChild(entry);
    });
    region.appendChild(heading);
    region.appendChild(list);
  }

  title.addEventListener("input", schedule);
  if (body) body.addEventListener("input", schedule);
  if (title.value.trim().length >= MIN_TITLE) schedule();  // the form came back with an error message
})();

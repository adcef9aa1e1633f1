/* FAST Forum writing fields (progressive enhancement: without this file they are plain text fields).
 *
 *   .composer[data-composer=<textarea id>]   Write / Preview tabs (the preview is rendered and sanitized by
 *                                           the server, exactly as a saved post), a formatting toolbar
 *                                           (also Ctrl+B, Ctrl+I, Ctrl+K), a size check before sending
 *                                           and a draft kept in localStorage while typing.
 *   [data-count-for=<input id>]             "12 of 200 characters" under a short field.
 * Every text a person reads comes from the page (translated there), never from this file.
 */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  function size(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1) + " MB";
    return Math.ceil(bytes / 1024) + " kB";
  }

  // -- formatting -------------------------------------------------------------------------------------

  function replaceSelection(field, text, selectFrom, selectTo) {
    var start = field.selectionStart, end = field.selectionEnd;
    field.focus();
    field.setRangeText(text, start, end, "end");
    if (selectFrom !== undefined) field.setSelectionRange(start + selectFrom, start + selectTo);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function wrap(field, mark, placeholder) {
    var chosen = field.value.slice(field.selectionStart, field.selectionEnd) || placeholder;
    replaceSelection(field, mark + chosen + mark, mark.length, mark.length + chosen.length);
  }

  function prefixLines(field, prefix) {
    var value = field.value;
    var start = value.lastIndexOf("\n", field.selectionStart - 1) + 1;
    var end = field.selectionEnd;
    field.setSelectionRange(start, end);
    var lines = value.slice(start, end).split("\n").map(function (line) { return prefix + line; });
    var text = lines.join("\n");
    replaceSelection(field, text, text.length, text.length);
  }

  function format(composer, field, kind) {
    if (kind === "bold") wrap(field, "**", "");
    else if (kind === "italic") wrap(field, "*", "");
    else if (kind === "link") {
      var chosen = field.value.slice(field.selectionStart, field.selectionEnd) || composer.dataset.linkText;
      var text = "[" + chosen + "](https://)";
      // The address is what is left to type: select it.
      replaceSelection(field, text, chosen.length + 3, chosen.length + 11);
    } else if (kind === "list") prefixLines(field, "- ");
    else if (kind === "quote") prefixLines(field, "> ");
  }

  // -- the pieces of one writing field ------------------------------------------------------------------

  function setUp(composer) {
    var field = document.getElementById(composer.dataset.composer);
    if (!field) return;
    var tools = composer.querySelector(".composer-tools");
    var write = composer.querySelector(".composer-write");
    var preview = composer.querySelector(".composer-preview");
    var problem = composer.querySelector(".composer-problem");
    var tabs = Array.prototype.slice.call(composer.querySelectorAll('[role="tab"]'));
    var buttons = Array.prototype.slice.call(composer.querySelectorAll("[data-format]"));
    tools.hidden = false;
    write.setAttribute("role", "tabpanel");
    write.setAttribute("aria-labelledby", tabs[0].id);
    preview.setAttribute("role", "tabpanel");
    preview.setAttribute("aria-labelledby", tabs[1].id);

    function showProblem(text) {
      problem.textContent = text || "";
      problem.hidden = !text;
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== problem.id;
      });
      if (text) described.push(problem.id);
      if (described.length) field.setAttribute("aria-describedby", described.join(" "));
      else field.removeAttribute("aria-describedby");
    }

    function choose(tab, focus) {
      tabs.forEach(function (each) {
        var chosen = each === tab;
        each.setAttribute("aria-selected", chosen ? "true" : "false");
        each.tabIndex = chosen ? 0 : -1;
      });
      var previewing = tab.dataset.tab === "preview";
      write.hidden = previewing;
      preview.hidden = !previewing;
      composer.querySelector(".composer-toolbar").hidden = previewing;
      if (focus) tab.focus();
      if (previewing) loadPreview(); else if (!focus) field.focus();
    }

    function loadPreview() {
      if (!field.value.trim()) { preview.textContent = composer.dataset.previewEmpty; return; }
      preview.setAttribute("aria-busy", "true");
      var data = new FormData();
      data.append("body", field.value);
      data.append("csrf_token", csrfToken());
      fetch(composer.dataset.previewUrl, {
        method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }
      })
        .then(function (response) { return response.json().then(function (json) { return [response.ok, json]; }); })
        .then(function (answer) {
          // The server rendered and sanitized this HTML exactly as it would a saved post.
          if (answer[0]) preview.innerHTML = answer[1].html;
          else preview.textContent = (answer[1].error && answer[1].error.message) || composer.dataset.previewFailed;
        })
        .catch(function () { preview.textContent = composer.dataset.previewFailed; })
        .then(function () { preview.removeAttribute("aria-busy"); });
    }

    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () { choose(tab, false); });
      tab.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
        event.preventDefault();
        choose(tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length], true);
      });
    });

    buttons.forEach(function (button, index) {
      button.addEventListener("click", function () { format(composer, field, button.dataset.format); });
      button.addEventListener("keydown", function (event) {
        var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        event.preventDefault();
        var next = buttons[(index + step + buttons.length) % buttons.length];
        buttons.forEach(function (each) { each.tabIndex = each === next ? 0 : -1; });
        next.focus();
      });
    });

    field.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      var kind = { b: "bold", i: "italic", k: "link" }[event.key.toLowerCase()];
      if (!kind) return;
      event.preventDefault();
      format(composer, field, kind);
    });

    // A draft in this browser: nothing is lost to a closed tab, a crash or a refused request.
    var draftKey = "forum-draft:" + window.location.pathname + "#" + field.id;
    var note = composer.querySelector(".composer-draft");
    var saving = null;
    try {
      var kept = window.localStorage.getItem(draftKey);
      if (kept && !field.value.trim()) {
        field.value = kept;
        note.hidden = false;
      }
    } catch (error) { /* storage refused (private mode): writing still works */ }
    field.addEventListener("input", function () {
      window.clearTimeout(saving);
      saving = window.setTimeout(function () {
        try {
          if (field.value.trim()) window.localStorage.setItem(draftKey, field.value);
          else window.localStorage.removeItem(draftKey);
        } catch (error) { /* as above */ }
      }, 400);
      if (!problem.hidden) check();
    });

    // The server refuses a request over its size limit without reading it: say so before sending.
    function check() {
      var form = field.form;
      var chars = field.value.length;
      var maxChars = Number(composer.dataset.maxChars) || Infinity;
      var bytes = form ? new URLSearchParams(new FormData(form)).toString().length : 0;
      var maxBytes = Number(composer.dataset.maxBytes) || Infinity;
      if (bytes > maxBytes) {
        showProblem(fill(composer.dataset.tooBig, { size: size(bytes), limit: size(maxBytes) }));
        return false;
      }
      if (chars > maxChars) {
        showProblem(fill(composer.dataset.tooLong, { count: chars }));
        return false;
      }
      showProblem("");
      return true;
    }

    if (field.form) {
      field.form.addEventListener("submit", function (event) {
        if (!check()) {
          event.preventDefault();
          choose(tabs[0], false);
          field.focus();
          return;
        }
        window.clearTimeout(saving);
        try { window.localStorage.removeItem(draftKey); } catch (error) { /* as above */ }
      });
    }
  }

  function setUpCounter(counter) {
    var field = document.getElementById(counter.dataset.countFor);
    if (!field) return;
    var limit = Number(field.getAttribute("maxlength")) || 0;
    function show() {
      counter.textContent = fill(counter.dataset.template, { count: field.value.length });
      counter.classList.toggle("near-limit", limit > 0 && field.value.length > limit * 0.9);
    }
    field.addEventListener("input", show);
    show();
  }

  function setUpWithin(root) {
    root.querySelectorAll(".composer[data-composer]").forEach(setUp);
    root.querySelectorAll("[data-count-for]").forEach(setUpCounter);
  }

  setUpWithin(document);
  // A live update may bring a writing field (the reply form once a question is published).
  document.addEventListener("forum:reply-section-replaced", function () {
    var section = document.getElementById("reply-section");
    if (section) setUpWithin(section);
  });
})();

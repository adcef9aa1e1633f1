/* FAST Forum: small progressive enhancements. Every action works without this file. */
(function () {
  "use strict";

  // <form data-confirm="Question?">: ask before a destructive action.
  // A form that is already on its way is not sent twice (double clicks on a slow line).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (form.method.toLowerCase() !== "post") return;
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    var button = event.submitter || form.querySelector("button[type=submit]");
    if (button) button.setAttribute("aria-busy", "true");
  });

  // Coming back with the browser's back button shows the page from cache: let its forms be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("[aria-busy]").forEach(function (el) { el.removeAttribute("aria-busy"); });
    });
  });

  // Ctrl/Cmd + Enter in a textarea sends its form.
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    if (!(field instanceof HTMLTextAreaElement) || !field.form) return;
    event.preventDefault();
    if (typeof field.form.requestSubmit === "function") field.form.requestSubmit();
    else field.form.submit();
  });

  // Phones: the navigation folds behind a menu button (CSS shows the button below 700px wide).
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector(".menu-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    header.classList.add("has-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = !nav.classList.contains("open");
      nav.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("open")) {
        nav.classList.remove("open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // Say something to screen readers through the page's polite live region.
  window.FastForum = window.FastForum || {};
  window.FastForum.announce = function (text) {
    var region = document.getElementById("live-region");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  };
  window.FastForum.csrfToken = function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  };

  // A link to a post of a long thread that is on another page (#p<id> not on this one): the post's own
  // address knows its page.
  var thread = document.getElementById("posts");
  var linked = /^#p(\d+)$/.exec(window.location.hash);
  if (thread && linked && Number(thread.dataset.pages) > 1 && !document.getElementById("p" + linked[1])) {
    window.location.replace("/p/" + linked[1]);
  }
})();

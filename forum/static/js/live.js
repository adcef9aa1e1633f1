/* FAST Forum live updates over Socket.IO (progressive enhancement: every page works without this file).
 *
 * Needs /static/vendor/socket.io.min.js loaded first. Acts on what the page carries:
 *   #posts[data-thread-id][data-last-post-id]   thread page: new, edited and removed posts
 *   #thread-head, #typing, #presence            thread header and banner (server-rendered for this kind of
 *                                               viewer), "X is typing…", "N viewing"
 *   #replies, #reply-section                    the reply count, and the reply form once it may be used
 *   .list-count, .board-counts                  counters on board pages and the home page
 *   [data-board-slug]                           board list (or home card): new and changed threads
 *   #review-queue                               moderator queue: refreshed when it changes
 *   #bell-count[data-user-id]                   notification count
 *   #live-region                                polite announcements for screen readers
 * Posts are kept once each, in id order; on every (re)connect the page asks for what it missed.
 */
(function () {
  "use strict";

  var posts = document.getElementById("posts");
  var boardLists = document.querySelectorAll("[data-board-slug]");
  var queue = document.getElementById("review-queue");
  var bell = document.getElementById("bell-count");
  if (typeof window.io !== "function") return;
  if (!posts && !boardLists.length && !queue && !bell) return;

  var lang = (document.documentElement.lang || "nl").slice(0, 2) === "en" ? "en" : "nl";
  var TEXT = {
    nl: {
      reply: function (name) { return "Nieuw antwoord van " + name; },
      replies: function (n) { return n + " nieuwe antwoorden"; },
      removed: "Een antwoord is verwijderd",
      status: function (label) { return "Status van de vraag: " + label; },
      revoked: "Je hebt geen toegang meer tot deze vraag.",
      question: function (title) { return "Nieuwe vraag: " + title; },
      queue: "De beoordelingslijst is bijgewerkt",
      notification: function (n) { return n === 1 ? "1 ongelezen melding" : n + " ongelezen meldingen"; },
      typing: function (names) { return names.join(" en ") + (names.length === 1 ? " typt…" : " typen…"); },
      viewing: function (n) { return n === 1 ? "1 persoon bekijkt deze vraag" : n + " mensen bekijken deze vraag"; }
    },
    en: {
      reply: function (name) { return "New reply by " + name; },
      replies: function (n) { return n + " new replies"; },
      removed: "A reply was removed",
      status: function (label) { return "Question status: " + label; },
      revoked: "You no longer have access to this question.",
      question: function (title) { return "New question: " + title; },
      queue: "The review queue was updated",
      notification: function (n) { return n === 1 ? "1 unread notification" : n + " unread notifications"; },
      typing: function (names) { return names.join(" and ") + (names.length === 1 ? " is typing…" : " are typing…"); },
      viewing: function (n) { return n === 1 ? "1 person viewing" : n + " people viewing"; }
    }
  }[lang];

  var threadId = posts ? Number(posts.dataset.threadId) : null;
  var threadRoom = threadId ? "thread:" + threadId : null;
  var lastPostId = posts ? Number(posts.dataset.lastPostId) || 0 : 0;
  var HIGHLIGHT_MS = 8000;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function announce(text) {
    if (window.FastForum && window.FastForum.announce) { window.FastForum.announce(text); return; }
    var region = document.getElementById("live-region");
    if (region) region.textContent = text;
  }

  function fire(name, detail) {
    document.dispatchEvent(new CustomEvent("forum:" + name, { detail: detail }));
  }

  // Server-rendered fragments (the page's own partials, sanitized there); their form tokens are blank
  // because a token belongs to this browser's session: fill in the page's.
  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = String(html).trim();
    var node = template.content.firstElementChild;
    if (node) {
      node.querySelectorAll('input[name="csrf_token"]').forEach(function (input) { input.value = csrfToken(); });
    }
    return node;
  }

  function highlight(node) {
    node.classList.add("live-new");
    window.setTimeout(function () { node.classList.remove("live-new"); }, HIGHLIGHT_MS);
  }

  // Changing content above what the reader looks at must not move what they look at.
  function keepingScroll(change) {
    var anchor = null;
    var articles = posts ? posts.querySelectorAll("article[data-post-id]") : [];
    for (var i = 0; i < articles.length; i++) {
      if (articles[i].getBoundingClientRect().bottom > 0) { anchor = articles[i]; break; }
    }
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    if (anchor && anchor.isConnected) {
      var shift = anchor.getBoundingClientRect().top - before;
      if (Math.abs(shift) > 1) window.scrollBy(0, shift);
    }
  }

  // -- thread page ------------------------------------------------------------------------------------

  function existingPost(id) {
    return document.getElementById("p" + id);
  }

  function insertPost(post) {
    if (!posts || existingPost(post.id)) return false;
    if (posts.dataset.liveAppend === "no") {  // an earlier page of a long thread: point to the newest
      var newer = document.getElementById("newer-replies");
      if (newer) newer.hidden = false;
      lastPostId = Math.max(lastPostId, post.id);
      posts.dataset.lastPostId = String(lastPostId);
      return false;
    }
    var node = fragment(post.html);
    if (!node) return false;
    keepingScroll(function () {
      var next = null;
      posts.querySelectorAll("article[data-post-id]").forEach(function (article) {
        if (!next && Number(article.dataset.postId) > post.id) next = article;
      });
      if (next) posts.insertBefore(node, next); else posts.appendChild(node);
      var empty = posts.querySelector(".no-replies");
      if (empty) empty.remove();
    });
    lastPostId = Math.max(lastPostId, post.id);
    posts.dataset.lastPostId = String(lastPostId);
    highlight(node);
    recountReplies();
    if (post.author && typists[post.author.id]) {  // their post is here: they are done typing
      delete typists[post.author.id];
      showTyping();
    }
    fire("post-inserted", post);
    return true;
  }

  function replacePost(post) {
    var current = existingPost(post.id);
    if (!current) { insertPost(post); return; }
    if (current.contains(document.activeElement)) return; // someone is using its forms: keep them
    var node = fragment(post.html);
    if (!node) return;
    keepingScroll(function () { current.replaceWith(node); });
    highlight(node);
  }

  function removePost(postId) {
    var current = existingPost(postId);
    if (!current) return;
    keepingScroll(function () { current.remove(); });
    recountReplies();
    announce(TEXT.removed);
  }

  // The reply count as the page writes it: both forms come from the page (translated there).
  function recountReplies() {
    var heading = document.getElementById("replies");
    if (!heading || !posts) return;
    var count = posts.querySelectorAll("article[data-post-id]").length - 1 + (Number(heading.dataset.elsewhere) || 0);
    if (count < 0) return;
    heading.textContent = count === 1 ? heading.dataset.one : String(heading.dataset.other).replace(/\d+/, count);
    var empty = posts.querySelector(".no-replies");
    if (empty && count > 0) empty.remove();
  }

  function receivePosts(list) {
    var added = list.filter(function (payload) { return insertPost(payload.post); });
    if (added.length === 1) announce(TEXT.reply(added[0].post.author.name));
    else if (added.length > 1) announce(TEXT.replies(added.length));
  }

  // The header and banner come rendered for this kind of viewer, exactly as a reload shows them.
  function showStatus(update) {
    var head = document.getElementById("thread-head");
    var before = head ? { status: head.dataset.status, accepted: head.dataset.acceptedPostId } : null;
    if (head && update.header_html && !head.contains(document.activeElement)) {
      var node = fragment(update.header_html);
      if (node) { head.replaceWith(node); head = node; }
    } else if (!head) {
      var status = document.getElementById("thread-status");
      if (status && update.status_html && status.dataset.status !== update.status) {
        status.innerHTML = update.status_html;
        status.dataset.status = update.status;
      }
    }
    var title = document.getElementById("thread-title");
    if (title && update.title) title.textContent = update.title;
    if (!before) return;
    if (before.status !== update.status) {
      var badge = document.querySelector("#thread-status .badge");
      announce(TEXT.status(badge ? badge.textContent.trim() : update.status));
    }
    if (before.status !== update.status || before.accepted !== String(update.accepted_post_id || "")) {
      refreshThreadParts();  // accept buttons, the accepted answer's mark, the reply form
    }
  }

  // Parts of the thread page whose tools follow the thread's state: taken from a fresh copy of the page
  // (this browser's own request, so the same partials and permissions as a reload).
  var threadRefresh = null;

  function refreshThreadParts() {
    if (threadRefresh) return;
    threadRefresh = window.setTimeout(function () {
      threadRefresh = null;
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html");
          keepingScroll(function () {
            fresh.querySelectorAll("#posts article[data-post-id]").forEach(function (article) {
              var current = existingPost(article.dataset.postId);
              if (current && current.outerHTML !== article.outerHTML && !current.contains(document.activeElement)) {
                current.replaceWith(document.importNode(article, true));
              }
            });
          });
          // A question just published gets its "0 replies" heading, as a reload would show.
          var freshHeading = fresh.getElementById("replies");
          var question = posts && posts.querySelector("article.post-question");
          if (freshHeading && !document.getElementById("replies") && question) {
            var empty = fresh.querySelector("#posts .no-replies");
            if (empty) question.after(document.importNode(empty, true));
            question.after(document.importNode(freshHeading, true));
            recountReplies();
          }
          var section = document.getElementById("reply-section");
          var freshSection = fresh.getElementById("reply-section");
          if (section && freshSection && section.dataset.canReply !== freshSection.dataset.canReply) {
            section.replaceWith(document.importNode(freshSection, true));
            fire("reply-section-replaced", {});
          }
        })
        .catch(function () { /* the next change tries again */ });
    }, 300);
  }

  var typists = {};
  var typingTimer = null;

  function showTyping() {
    var box = document.getElementById("typing");
    if (!box) return;
    var moment = Date.now();
    var names = Object.keys(typists).filter(function (id) { return typists[id].until > moment; })
      .map(function (id) { return typists[id].name; });
    box.textContent = names.length ? TEXT.typing(names) : "";
    window.clearTimeout(typingTimer);
    if (names.length) typingTimer = window.setTimeout(showTyping, 1000);
  }

  function showPresence(count) {
    var box = document.getElementById("presence");
    if (box) box.textContent = TEXT.viewing(count);
  }

  // -- boards, queue, bell ------------------------------------------------------------------------------

  function listOf(element) {
    if (element.tagName === "UL" || element.tagName === "OL") return element;
    return element.querySelector("[data-live-threads], .thread-list");
  }

  function rowOf(threadIdentifier) {
    return document.querySelector('li.thread-row[data-thread-id="' + Number(threadIdentifier) + '"]');
  }

  // Counters ("5 questions") on board pages and the home page, from a fresh copy of the page.
  var countRefresh = null;

  function refreshCounts() {
    if (countRefresh) return;
    countRefresh = window.setTimeout(function () {
      countRefresh = null;
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html");
          [".list-count", ".board-counts"].forEach(function (selector) {
            var now = document.querySelectorAll("main " + selector);
            var then = fresh.querySelectorAll("main " + selector);
            if (now.length !== then.length) return;
            now.forEach(function (element, index) {
              if (element.textContent !== then[index].textContent) element.textContent = then[index].textContent;
            });
          });
        })
        .catch(function () { /* the next change tries again */ });
    }, 500);
  }

  function addThread(update) {
    if (rowOf(update.thread_id)) return;
    var added = false;
    boardLists.forEach(function (element) {
      if (element.dataset.boardSlug !== update.board) return;
      var list = listOf(element);
      var node = list && fragment(update.html);
      if (!node) return;
      list.insertBefore(node, list.firstElementChild);
      highlight(node);
      added = true;
    });
    if (added) announce(TEXT.question(update.title));
    if (boardLists.length) refreshCounts();
  }

  function updateRow(update) {
    if (update.row_html && boardLists.length) refreshCounts();  // reply counts on the home page too
    var row = rowOf(update.thread_id);
    if (!row || !update.row_html) return;
    var node = fragment(update.row_html);
    if (node) { row.replaceWith(node); highlight(node); }
  }

  var queueRefresh = null;

  function refreshQueue() {
    if (!queue || queueRefresh) return;
    queueRefresh = window.setTimeout(function () {
      queueRefresh = null;
      var busy = queue.contains(document.activeElement) || queue.querySelector("input:checked, details[open]");
      if (busy) { announce(TEXT.queue); return; } // do not pull the list from under the moderator
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("review-queue");
          if (fresh) { queue.replaceWith(fresh); queue = fresh; }
          announce(TEXT.queue);
        })
        .catch(function () { /* the next change tries again */ });
    }, 500);
  }

  function showBell(unread) {
    if (!bell) return;
    bell.textContent = String(unread);
    bell.hidden = unread === 0;
    announce(TEXT.notification(unread));
  }

  // -- the connection -------------------------------------------------------------------------------------

  // Several server processes on one port (`fast-forum run --processes N`) ask for websockets only: a
  // long-polling request could reach a process that does not hold its session. Where websockets cannot
  // pass, the page goes without live updates and shows new posts on reload.
  var transports = document.querySelector('meta[name="live-transports"]');
  var socket = window.io({
    auth: function (send) { send({ csrf: csrfToken() }); },
    transports: transports ? transports.getAttribute("content").split(",") : ["polling", "websocket"]
  });

  function joinThread() {
    socket.emit("join", { room: threadRoom, after: lastPostId }, function (answer) {
      if (!answer || !answer.ok) return;
      receivePosts(answer.missed || []);
      if (answer.truncated) joinThread(); // more than one batch was missed: ask for the next
    });
  }

  socket.on("connect", function () {
    if (threadRoom) joinThread();
    boardLists.forEach(function (element) {
      socket.emit("join", { room: "board:" + element.dataset.boardSlug });
    });
    if (queue) socket.emit("join", { room: "moderators" });
    if (bell && bell.dataset.userId) socket.emit("join", { room: "user:" + bell.dataset.userId });
  });

  socket.on("post.created", function (payload) {
    if (payload.thread_id !== threadId) return;
    if (insertPost(payload.post)) announce(TEXT.reply(payload.post.author.name));
  });
  socket.on("post.updated", function (payload) {
    if (payload.thread_id === threadId) replacePost(payload.post);
  });
  socket.on("post.hidden", function (payload) {
    if (payload.thread_id === threadId) removePost(payload.post_id);
  });
  socket.on("thread.updated", function (update) {
    if (update.thread_id === threadId) showStatus(update);
    updateRow(update);
  });
  socket.on("thread.created", addThread);
  socket.on("thread.removed", function (update) {
    var row = rowOf(update.thread_id);
    if (row) row.remove();
    if (boardLists.length) refreshCounts();
  });
  socket.on("access.revoked", function (update) {
    if (update.room === threadRoom) {
      typists = {};
      showTyping();
      var box = document.getElementById("presence");
      if (box) box.textContent = "";
      announce(TEXT.revoked);
    }
  });
  socket.on("typing", function (update) {
    if (update.thread_id !== threadId) return;
    typists[update.user.id] = { name: update.user.name, until: Date.now() + 4000 };
    showTyping();
  });
  socket.on("presence", function (update) {
    if (update.thread_id === threadId) showPresence(update.count);
  });
  socket.on("queue.changed", refreshQueue);
  socket.on("assignment.changed", refreshQueue);
  socket.on("notification", function (update) { showBell(update.unread); });
  ["post.created", "post.updated", "post.hidden", "thread.updated", "thread.created", "queue.changed",
   "assignment.changed", "notification"].forEach(function (name) {
    socket.on(name, function (payload) { fire(name, payload); });
  });

  // A laptop waking up or a train leaving a tunnel: reconnect at once instead of waiting for a timeout;
  // the join on connect fetches whatever was missed.
  window.addEventListener("offline", function () { socket.disconnect(); });
  window.addEventListener("online", function () { if (!socket.connected) socket.connect(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !socket.connected && navigator.onLine) socket.connect();
  });

  // "X is typing…" for the others: at most one signal every few seconds while typing a reply.
  var lastTyping = 0;
  if (threadId) {
    document.addEventListener("input", function (event) {  // delegated: the reply form may be replaced
      if (!event.target || event.target.id !== "reply-body") return;
      var moment = Date.now();
      if (socket.connected && moment - lastTyping > 3000) {
        lastTyping = moment;
        socket.emit("typing", { thread_id: threadId });
      }
    });
  }

  window.FastForum = window.FastForum || {};
  window.FastForum.live = socket;
})();

/* panelpress: the evaluation page (templates/site/evaluation.md).
 *
 * Answers are kept in this browser's localStorage (one entry per workshop) until the participant
 * sends them: the e-mail link's body is rewritten on every change to hold each question and its
 * answer, "Copy" puts the same text on the clipboard. Nothing is sent anywhere by this script.
 * It holds no words: they come as JSON in `.pp-eval-send .pp-labels`, from the label catalogue.
 */
(function () {
  "use strict";

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function fill(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function start() {
    var send = document.querySelector(".pp-eval-send");
    if (!send) return;
    var questions = all(document, ".pp-eval-q");
    var labels = {};
    try { labels = JSON.parse(send.querySelector(".pp-labels").textContent); } catch (e) { /* keys shown */ }
    function label(key, values) { return fill(labels[key] === undefined ? key : labels[key], values || {}); }
    var key = "panelpress:" + send.dataset.workshop + ":evaluation";

    function read() {
      var answers = {};
      questions.forEach(function (q) {
        var field = q.dataset.field;
        if (q.dataset.kind === "text") {
          answers[field] = q.querySelector("textarea").value;
        } else {
          var picked = all(q, "input:checked").map(function (input) { return input.value; });
          answers[field] = q.querySelector("input[type=checkbox]") ? picked : (picked[0] || "");
        }
      });
      return answers;
    }

    function write(answers) {
      questions.forEach(function (q) {
        var value = answers[q.dataset.field];
        if (q.dataset.kind === "text") {
          q.querySelector("textarea").value = typeof value === "string" ? value : "";
          return;
        }
        all(q, "input").forEach(function (input) {
          input.checked = Array.isArray(value) ? value.indexOf(input.value) >= 0 : value === input.value;
        });
      });
    }

    function load() {
      try {
        var saved = JSON.parse(window.localStorage.getItem(key) || "null");
        if (saved && typeof saved === "object" && saved.answers) return saved.answers;
      } catch (e) { /* unreadable or unavailable: start empty */ }
      return {};
    }

    function save(answers) {
      try { window.localStorage.setItem(key, JSON.stringify({ answers: answers })); }
      catch (e) { /* full or unavailable: the page still works, it just forgets */ }
    }

    /* The answers as an e-mail reads them: each part's heading, each question, its answer. */
    function text(answers) {
      var lines = [send.dataset.title];
      if (send.dataset.date) lines.push(send.dataset.date);
      all(document, ".pp-eval-section").forEach(function (section) {
        lines.push("", section.dataset.heading);
        all(section, ".pp-eval-q").forEach(function (q) {
          var value = answers[q.dataset.field];
          if (Array.isArray(value)) value = value.join("; ");
          value = (value || "").trim();
          lines.push("", q.dataset.question + (q.dataset.scale ? " (" + q.dataset.scale + ")" : ""));
          lines.push(label("evaluation_answer", { answer: value || label("evaluation_no_answer") }));
        });
      });
      return lines.join("\r\n");
    }

    function update() {
      var answers = read();
      save(answers);
      var mail = send.querySelector(".pp-eval-mail");
      if (mail) {
        var base = mail.getAttribute("href").split("&body=")[0];
        mail.setAttribute("href", base + "&body=" + encodeURIComponent(text(answers)));
      }
      return answers;
    }

    function say(message) {
      var status = send.querySelector(".pp-status");
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }

    write(load());
    update();
    questions.forEach(function (q) {
      q.addEventListener("change", update);
      q.addEventListener("input", update);
    });

    var copy = send.querySelector(".pp-eval-copy");
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var body = text(update());
      var box = send.querySelector(".pp-eval-text");
      function shown() {  // no clipboard: show the text, selected, to copy by hand
        box.value = body;
        box.hidden = false;
        box.focus();
        box.select();
        say(label("evaluation_copy_failed"));
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(body).then(function () { say(label("evaluation_copied")); }, shown);
      } else {
        shown();
      }
    });

    // "Clear my answers", and its Undo until the next answer (panelpress-clear.js)
    var clear = send.querySelector(".pp-eval-clear");
    clear.hidden = false;
    var withdrawUndo = window.panelpressClearUndo({
      clear: clear,
      undo: send.querySelector(".pp-eval-undo"),
      take: function () {
        var saved = read();
        try { window.localStorage.removeItem(key); } catch (e) { /* nothing to forget */ }
        write({});
        update();
        send.querySelector(".pp-eval-text").hidden = true;
        say(label("evaluation_cleared"));
        return saved;
      },
      give: function (saved) {
        write(saved);
        update();
        say(label("evaluation_restored"));
      }
    });
    questions.forEach(function (q) {
      q.addEventListener("change", withdrawUndo);
      q.addEventListener("input", withdrawUndo);
    });
  }

  // Material's instant navigation swaps pages without a reload; `document$` tells when.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/* panelpress: exercises that answer back in the page.
 *
 * The page already shows every exercise as readable HTML (templates/site/_exercise.html);
 * this script only adds behaviour to it, found through `data-*` attributes and `pp-` classes.
 * Answers are kept in this browser's localStorage, one entry per workshop and exercise id,
 * and are never sent anywhere. No framework: the site must work offline and load fast.
 * It holds no words: each exercise carries its labels (in the workshop's language, with the
 * author's overrides) as JSON in `.pp-labels`, from panelpress's label catalogue.
 */
(function () {
  "use strict";

  var PREFIX = "panelpress:";

  // --- storage: never fatal (private windows and locked-down browsers refuse localStorage) ---

  function storageKey(root) {
    return PREFIX + (root.dataset.workshop || "") + ":" + root.dataset.exercise;
  }

  function load(root) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey(root)) || "null");
      if (saved && typeof saved === "object" && saved.fields) return saved;
    } catch (e) { /* unreadable or unavailable: start empty */ }
    return { fields: {}, rows: null };
  }

  function save(root, state) {
    try {
      window.localStorage.setItem(storageKey(root), JSON.stringify(state));
    } catch (e) { /* full or unavailable: the page still works, it just forgets */ }
  }

  function forget(root) {
    try { window.localStorage.removeItem(storageKey(root)); } catch (e) { /* nothing to forget */ }
  }

  // --- small helpers ---------------------------------------------------------------------

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  // --- words: the exercise's labels, filled in ------------------------------------------------

  function labelsOf(root) {
    var data = root.querySelector(".pp-labels");
    try { return data ? JSON.parse(data.textContent) : {}; } catch (e) { return {}; }
  }

  /* "{done} of {total} ready" with {done: 3, total: 6}; a missing label shows its key. */
  function fill(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function label(root, key, values) {
    var text = root.ppLabels[key];
    return fill(text === undefined ? key : text, values || {});
  }

  /* A count: the plural form the page's language uses for n ("1 word", "2 words"). */
  function countLabel(root, key, n) {
    var forms = root.ppLabels[key] || {};
    var form = "other";
    try { form = new Intl.PluralRules(document.documentElement.lang || "en").select(n); } catch (e) { /* other */ }
    return fill(forms[form] || forms.other || key, { n: n });
  }

  function say(root, message) {
    var status = root.querySelector(".pp-status");
    if (!status) return;
    // Emptying first makes screen readers announce the same message twice in a row.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  // --- fields: checkboxes, radios and text boxes named by data-field --------------------------

  function readFields(root, state) {
    all(root, "[data-field]").forEach(function (input) {
      var name = input.dataset.field;
      if (input.type === "checkbox") state.fields[name] = input.checked;
      else if (input.type === "radio") { if (input.checked) state.fields[name] = input.value; }
      else state.fields[name] = input.value;
    });
  }

  function writeFields(root, state) {
    all(root, "[data-field]").forEach(function (input) {
      var value = state.fields[input.dataset.field];
      if (input.type === "checkbox") input.checked = value === true;
      else if (input.type === "radio") input.checked = value === input.value;
      else input.value = typeof value === "string" ? value : "";
    });
  }

  // --- choice: the picked option's feedback, and whether it was the best answer ---------------

  function showChoice(question) {
    var picked = question.querySelector("input[type=radio]:checked");
    var result = question.querySelector(".pp-result");
    all(question, ".pp-option").forEach(function (option) {
      option.classList.remove("pp-option--best", "pp-option--not-best", "pp-option--answer");
      all(option, ".pp-mark").forEach(function (mark) { mark.remove(); });
    });
    result.className = "pp-result";
    result.textContent = "";
    if (!picked) return;
    var best = picked.dataset.correct === "true";
    var option = picked.closest(".pp-option");
    option.classList.add(best ? "pp-option--best" : "pp-option--not-best");
    var root = question.closest(".pp-exercise");
    markOption(option, "pp-mark", label(root, best ? "choice_best" : "choice_not_best"));
    var feedback = option.querySelector(".pp-feedback").cloneNode(true);
    feedback.hidden = false;
    feedback.removeAttribute("data-for");
    result.classList.add(best ? "pp-result--best" : "pp-result--not-best");
    var verdictWords = label(root, best ? "choice_best_verdict" : "choice_not_best_verdict");
    // "Best answer." over an author's "Best choice. You stay…" says it twice: the heading goes
    // when the feedback already opens with its own verdict
    if (!saysVerdict(feedback.textContent, verdictWords)) {
      result.appendChild(el("p", { className: "pp-result__verdict" + (best ? "" : " pp-screen-only"), text: verdictWords }));
      // on paper there is no other option to try: the sheet says so plainly and marks the best one
      if (!best) {
        result.appendChild(el("p", { className: "pp-result__verdict pp-print-only", text: label(root, "choice_not_best_printed") }));
      }
    }
    if (!best) {
      var right = question.querySelector("input[data-correct=true]");
      if (right) {
        // framed on paper as the screen frames a best pick (panelpress.css), so that the sheet
        // shows two boxes: the participant's pick and the best one
        right.closest(".pp-option").classList.add("pp-option--answer");
        markOption(right.closest(".pp-option"), "pp-mark pp-mark--printed pp-print-only", label(root, "choice_best"));
      }
    }
    result.appendChild(feedback);
  }

  /* An option's mark goes at the end of its own words, inside its frame: on a line of its own under
     the option it read, on paper, as the heading of the option below it (review27 #1). */
  function markOption(option, className, text) {
    var words = option.querySelector("label > span") || option.querySelector("label");
    words.appendChild(el("span", { className: className, text: text, "aria-hidden": "true" }));
  }

  /* Does feedback open with a verdict of its own? Its first sentence is short (at most three
     words: "Best choice.", "Not quite.") and starts with the engine verdict's first word, in
     whatever language the labels are. A sentence that argues ("Tempting, because …") is not one. */
  function saysVerdict(feedback, verdictWords) {
    var first = String(feedback).trim().split(/[.!?:\u3002]/)[0].trim().toLowerCase().split(/\s+/);
    var lead = String(verdictWords).trim().toLowerCase().split(/[\s.!?:]+/)[0];
    return first.length <= 3 && first[0] !== "" && first[0] === lead;
  }

  // --- checklists: "4 of 6 ready", as data-progress words it -------------------------------------

  function showProgress(list) {
    var progress = list.parentNode.querySelector(".pp-progress");
    if (!progress) return;
    var boxes = all(list, "input[type=checkbox]");
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    var words = list.dataset.progress || "{done}/{total}";
    progress.hidden = false;
    progress.textContent = "";
    progress.appendChild(el("span", { className: "pp-progress__text",
      text: fill(words, { done: ticked, total: boxes.length }) }));
    var bar = el("span", { className: "pp-progress__bar", "aria-hidden": "true" }, [el("span")]);
    bar.firstChild.style.width = (boxes.length ? (100 * ticked / boxes.length) : 0) + "%";
    progress.appendChild(bar);
    progress.classList.toggle("pp-progress--complete", ticked === boxes.length);
  }

  // --- text boxes: a copy that prints in full, a word count where it helps --------------------

  /* A text box grows with its text instead of scrolling inside (its `rows` stay the least it
     shows): a long plan is read whole, and shrinks back when cleared. */
  function fitHeight(box) {
    box.style.height = "";
    if (box.scrollHeight > box.clientHeight) {
      box.style.height = (box.scrollHeight + box.offsetHeight - box.clientHeight) + "px";
    }
  }

  function mirrorText(textarea) {
    fitHeight(textarea);
    var copy = textarea.nextElementSibling;
    if (!copy || !copy.classList.contains("pp-print-text")) {
      copy = el("div", { className: "pp-print-text", "aria-hidden": "true" });
      textarea.after(copy);
      // paper shows the copy, not the box (which prints itself, ruled, where no copy was drawn)
      textarea.classList.add("pp-text--copied");
    }
    copy.textContent = textarea.value;
    var words = document.getElementById(textarea.id + "-words") ||
      (textarea.getAttribute("aria-describedby") &&
        document.getElementById(textarea.getAttribute("aria-describedby")));
    if (words) {
      var count = textarea.value.trim() ? textarea.value.trim().split(/\s+/).length : 0;
      words.hidden = false;
      words.textContent = countLabel(textarea.closest(".pp-exercise"), "words", count);
    }
  }

  // --- audit: a row per contact, its verdict from the exercise's own rules ---------------------

  /* The first rule whose conditions all hold gives the verdict. A row that is only partly
     answered gets a verdict as soon as the answers so far decide it. */
  function verdict(rules, answers) {
    for (var i = 0; i < rules.length; i++) {
      var when = rules[i].when || {};
      var decided = true, fails = false;
      Object.keys(when).forEach(function (qid) {
        if (!(qid in answers)) decided = false;
        else if (answers[qid] !== when[qid]) fails = true;
      });
      if (fails) continue;
      return decided ? rules[i] : null;
    }
    return null;
  }

  /* The rows on screen before the participant asks for more: on a phone each row is a card about
     a screen tall, and six empty ones made the page 3,900 px before anything was typed. The add
     button shows the next, up to the data's `rows`. The rows not shown stay in the table, empty
     and hidden on screen only: printed, the page still has the data's rows to fill in with a pen. */
  var AUDIT_FIRST_ROWS = 3;

  function filled(row) {
    return row.name.trim() !== "" || Object.keys(row.answers).length > 0;
  }

  function audit(root, state, persist) {
    var data = JSON.parse(root.querySelector(".pp-audit-data").textContent);
    var table = root.querySelector("table.pp-audit");
    var tbody = table.querySelector("tbody");
    var rowLabel = data.row_label;
    function rowName(n) { return label(root, "audit_row", { label: rowLabel, n: n }); }
    if (!Array.isArray(state.rows)) {
      state.rows = [];
      for (var i = 0; i < data.rows; i++) state.rows.push({ name: "", answers: {} });
    }
    // a row with a name or an answer is always shown (a reload keeps what was written), and
    // at least the first rows
    var shown = AUDIT_FIRST_ROWS;
    state.rows.forEach(function (row, index) { if (filled(row)) shown = Math.max(shown, index + 1); });
    table.classList.add("pp-audit--live");
    var head = table.querySelector("thead tr");
    // a phone's card names each answer as its column does (the short header, the question in full
    // above the table: audit_key), as the cards without the script do
    var headers = all(head, "th.pp-audit__q").map(function (th) { return th.textContent; });
    if (!head.querySelector(".pp-audit__remove")) {
      head.appendChild(el("th", { scope: "col", className: "pp-audit__remove" },
        [el("span", { className: "pp-sr", text: label(root, "audit_remove") })]));
    }

    function showVerdict(cell, row) {
      var answers = {};
      Object.keys(row.answers).forEach(function (qid) { answers[qid] = row.answers[qid] === "yes"; });
      var rule = verdict(data.rules, answers);
      cell.textContent = "";
      // the rule's tone (go, caution, stop, or neutral when its author gave none) colours the cell
      cell.className = "pp-verdict pp-verdict--" + (rule ? rule.tone || "neutral" : "pending");
      if (!rule) {
        cell.appendChild(el("span", { className: "pp-verdict__pending", text: label(root, "audit_pending") }));
        return;
      }
      var who = row.name.trim() || rowName(state.rows.indexOf(row) + 1);
      cell.appendChild(el("strong", { className: "pp-verdict__title", text: rule.verdict }));
      cell.appendChild(el("span", { className: "pp-sr", text: label(root, "audit_verdict_for", { row: who }) }));
      cell.appendChild(el("span", { className: "pp-verdict__advice", text: " " + rule.advice }));
    }

    function rowElement(row, index) {
      var n = index + 1;
      var tr = el("tr", index >= shown ? { className: "pp-audit__spare" } : {});
      // a one-line box that wraps a long name onto a second line (an input cut it off); a name
      // has no line breaks, so Enter adds none
      var name = el("textarea", { rows: "1", className: "pp-audit__name", autocomplete: "off",
        "aria-label": label(root, "audit_row_name", { row: rowName(n) }), placeholder: rowName(n) });
      name.value = row.name;
      name.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });
      // paper shows a text box's value only as wide as the box: print a copy that wraps instead
      var copy = el("span", { className: "pp-audit__name-copy", "aria-hidden": "true", text: row.name });
      name.addEventListener("input", function () {
        row.name = name.value.replace(/\s*\n\s*/g, " ");  // a pasted line break joins the words
        copy.textContent = row.name;
        fitHeight(name);
        persist();
      });
      tr.appendChild(el("td", { "data-label": rowLabel }, [name, copy]));
      window.requestAnimationFrame(function () { fitHeight(name); });  // once in the page: a saved long name
      var cell = el("td", { className: "pp-verdict", "data-label": label(root, "audit_what_to_do"), "aria-live": "polite" });
      data.questions.forEach(function (question, q) {
        var group = el("div", { role: "radiogroup", className: "pp-yesno",
          "aria-label": label(root, "audit_row_question", { row: rowName(n), question: question.text }) });
        ["yes", "no"].forEach(function (value) {
          var radio = el("input", { type: "radio", value: value,
            name: root.dataset.exercise + "-row" + n + "-" + question.id });
          radio.checked = row.answers[question.id] === value;
          radio.addEventListener("change", function () {
            row.answers[question.id] = value;
            showVerdict(cell, row);
            persist();
          });
          group.appendChild(el("label", {}, [radio, document.createTextNode(" " + label(root, value === "yes" ? "audit_yes" : "audit_no"))]));
        });
        tr.appendChild(el("td", { "data-label": headers[q] }, [group]));
      });
      showVerdict(cell, row);
      tr.appendChild(cell);
      var remove = el("button", { type: "button", className: "pp-audit__remove-button",
        "aria-label": label(root, "audit_remove_row", { row: rowName(n) }), text: label(root, "audit_remove") });
      remove.addEventListener("click", function () {
        state.rows.splice(index, 1);
        shown = Math.max(0, Math.min(shown, state.rows.length + 1) - 1);
        render();
        persist();
        var names = all(tbody, ".pp-audit__name");
        (names[index] || names[index - 1] || root.querySelector(".pp-add-row")).focus();
        say(root, label(root, "audit_row_removed", { row: rowName(n) }));
      });
      tr.appendChild(el("td", { className: "pp-audit__remove" }, [remove]));
      return tr;
    }

    function render() {
      tbody.textContent = "";
      state.rows.forEach(function (row, index) { tbody.appendChild(rowElement(row, index)); });
      showRoom();
    }

    // The data's `rows` is the most the table holds (the instructions say "up to six"): a removed
    // row can be added back, a seventh cannot; the button says why it stops instead of adding silently.
    var add = root.querySelector(".pp-add-row");
    var full = root.querySelector(".pp-audit-full");
    add.parentNode.hidden = false;
    function showRoom() {
      var isFull = shown >= data.rows;
      add.disabled = isFull;
      full.hidden = !isFull;
      full.textContent = isFull ? label(root, "audit_full", { rows: countLabel(root, "rows", data.rows) }) : "";
    }
    add.onclick = function () {
      if (shown >= data.rows) return;
      if (shown >= state.rows.length) state.rows.push({ name: "", answers: {} });
      shown += 1;
      render();
      persist();
      all(tbody, ".pp-audit__name")[shown - 1].focus();
    };
    render();
    return render;
  }

  // --- one exercise --------------------------------------------------------------------------

  function setup(root) {
    if (root.dataset.ppReady) return; // instant navigation may hand us the same page again
    root.dataset.ppReady = "true";
    // the page now answers back: the CSS hides what only a page without the script needs
    // (each choice question's folded "Answers and feedback")
    root.classList.add("pp-exercise--live");
    root.ppLabels = labelsOf(root);
    var state = load(root);
    var withdrawUndo = null;  // "Clear my answers" (below)
    // (a new answer also withdraws the Undo of "Clear my answers": what was cleared stays cleared)
    var persist = function () {
      if (withdrawUndo) withdrawUndo();
      readFields(root, state);
      save(root, state);
    };
    writeFields(root, state);

    var questions = all(root, ".pp-question");
    var lists = all(root, ".pp-checklist");
    var texts = all(root, "textarea.pp-text");  // (not the audit's name boxes: they print their own copy)
    var renderAudit = root.querySelector(".pp-audit-data") ? audit(root, state, persist) : null;

    function refresh() {
      questions.forEach(showChoice);
      lists.forEach(showProgress);
      texts.forEach(mirrorText);
    }

    root.addEventListener("change", function (event) {
      if (!event.target.dataset.field) return;
      persist();
      var question = event.target.closest(".pp-question");
      if (question) showChoice(question);
      var list = event.target.closest(".pp-checklist");
      if (list) showProgress(list);
    });
    root.addEventListener("input", function (event) {
      if (!event.target.matches("textarea.pp-text")) return;
      persist();
      mirrorText(event.target);
    });

    // "Print my answers" prints what the participant did: the model answer only if they opened
    // it (Material opens every <details> to print, so its state at print time says nothing).
    // The click on its summary comes before the toggle, so `open` is still the old state.
    all(root, ".pp-model-answer > summary").forEach(function (summary) {
      summary.addEventListener("click", function () {
        summary.parentNode.classList.toggle("pp-opened", !summary.parentNode.open);
      });
    });

    var tools = root.querySelector(".pp-tools");
    tools.hidden = false;
    tools.querySelector(".pp-print").addEventListener("click", function () { window.print(); });
    // "Clear my answers", and its Undo until the next answer (panelpress-clear.js)
    function show(saved, message) {
      state.fields = saved.fields;
      state.rows = saved.rows;
      writeFields(root, state);
      if (renderAudit) renderAudit = audit(root, state, persist);
      refresh();
      say(root, message);
    }
    var undo = tools.querySelector(".pp-undo");
    withdrawUndo = window.panelpressClearUndo({
      clear: tools.querySelector(".pp-clear"),
      undo: undo,
      undoButton: undo && undo.querySelector("button"),
      take: function () {
        readFields(root, state);
        var saved = JSON.parse(JSON.stringify(state));
        forget(root);
        show({ fields: {}, rows: null }, label(root, "exercise_cleared"));
        return saved;
      },
      give: function (saved) {
        show(saved, label(root, "exercise_restored"));
        save(root, state);
      }
    });
    refresh();
  }

  // (the name of Material's search dialog is in the markup: site/theme_patches.py; this script
  // loads only on pages with an exercise)
  function start() {
    all(document, ".pp-exercise[data-exercise]").forEach(setup);
  }

  // Material's instant navigation swaps pages without reloading: `document$` tells us when.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

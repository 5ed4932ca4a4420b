/* panelpress slides: load and start reveal.js, and give each exercise slide a countdown that the
   presenter starts and pauses with a click or the T key (R resets it). Its words come from
   the deck's `#pp-labels` JSON (panelpress's label catalogue), never from this file. */
(function () {
  "use strict";

  var labels = {};
  try { labels = JSON.parse(document.getElementById("pp-labels").textContent); } catch (e) { /* keys shown */ }
  function label(key) { return key in labels ? labels[key] : key; }

  /* A function that asks for the script `src` the first time it is called (never again), and
     calls `onload` once the script has run. */
  function loadOnce(src, onload) {
    var asked = false;
    return function () {
      if (asked) { return; }
      asked = true;
      var script = document.createElement("script");
      script.src = src;
      script.onload = onload;
      document.head.appendChild(script);
    };
  }

  function format(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  function Timer(root) {
    this.root = root;
    this.total = Number(root.getAttribute("data-seconds")) || 0;
    this.elapsed = 0;       // seconds counted before the current run
    this.startedAt = null;  // Date.now() when running
    this.display = root.querySelector(".pp-timer__time");
    this.hint = root.querySelector(".pp-timer__hint");
    var self = this;
    root.querySelector(".pp-timer__face").addEventListener("click", function () { self.toggle(); });
    root.querySelector(".pp-timer__reset").addEventListener("click", function () { self.reset(); });
  }
  Timer.prototype.remaining = function () {
    var running = this.startedAt === null ? 0 : (Date.now() - this.startedAt) / 1000;
    return this.total - this.elapsed - running;
  };
  Timer.prototype.render = function () {
    var left = this.remaining();
    this.display.textContent = format(left);
    var done = left <= 0;
    this.root.classList.toggle("pp-timer--running", this.startedAt !== null && !done);
    this.root.classList.toggle("pp-timer--done", done);
    this.hint.textContent = label(done ? "timer_done" : this.startedAt !== null ? "timer_running" :
      (this.elapsed > 0 ? "timer_paused" : "timer_start"));
    if (done) { this.stop(); }
  };
  Timer.prototype.toggle = function () {
    if (this.startedAt === null) {
      if (this.remaining() <= 0) { return; }
      this.startedAt = Date.now();
      var self = this;
      this.tick = setInterval(function () { self.render(); }, 200);
    } else {
      this.stop();
    }
    this.render();
  };
  Timer.prototype.stop = function () {
    if (this.startedAt !== null) {
      this.elapsed += (Date.now() - this.startedAt) / 1000;
      this.startedAt = null;
    }
    clearInterval(this.tick);
  };
  Timer.prototype.reset = function () {
    this.stop();
    this.elapsed = 0;
    this.render();
  };

  /* The speaker view's clock as the deck's agenda and the run-of-show print times: 24-hour
     ("19:14"), or, on a deck marked `data-clock="12"` (a 12-hour workshop: clock.py), 12-hour in
     the deck's language ("7:14 p.m." in en-CA, "7:14 PM" in en-US: the browser's own CLDR data,
     as Babel's is for the deck). Reveal's notes plugin writes the time into its `.clock-value`
     every second, its own way ("07:14 PM": toLocaleTimeString('en-US', …), no option to change
     it). Its window is an about:blank page this page writes (same origin), which sends this page
     reveal-notes messages (a heartbeat every second): on the first from a window, an observer
     there writes the time again, the deck's way, each time reveal writes it (before the window
     paints). A window reopened with S is a new window: it gets its own. Nothing of reveal's is
     copied or changed. */
  var root = document.documentElement;
  var twelveHour = root.getAttribute("data-clock") === "12";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function deckTime(now) {
    return twelveHour ? now.toLocaleTimeString(root.lang, { hour: "numeric", minute: "2-digit", hour12: true })
      : pad(now.getHours()) + ":" + pad(now.getMinutes());
  }
  function deckClock(speaker) {
    var clock;
    try { clock = speaker.document.querySelector(".clock-value"); } catch (e) { return; }  // not ours
    if (!clock || clock.ppClock) { return; }
    clock.ppClock = true;
    function show() {
      var text = deckTime(new Date());
      if (clock.textContent !== text) { clock.textContent = text; }  // its own change: no loop
    }
    new speaker.MutationObserver(show).observe(clock, { childList: true, characterData: true, subtree: true });
    show();
  }
  /* The speaker view's notes in the deck's type: reveal's window sets its own (Helvetica, the
     notes' headings at the browser's h2/h3 sizes); the same first message from it gives it this
     deck's identity.css (the family, the palette) and speaker.css (small headings), by their
     address beside this page (the window's own is about:blank). Once a window. */
  function speakerStyle(speaker) {
    var doc;
    try { doc = speaker.document; } catch (e) { return; }  // not ours
    if (!doc.head || doc.ppStyled) { return; }
    doc.ppStyled = true;
    ["identity.css", "speaker.css"].forEach(function (name) {
      var link = doc.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL(name, document.baseURI).href;
      doc.head.appendChild(link);
    });
  }
  window.addEventListener("message", function (event) {
    if (event.source && event.source !== window && typeof event.data === "string" &&
        event.data.indexOf("reveal-notes") !== -1) {
      deckClock(event.source);
      speakerStyle(event.source);
    }
  });

  var timers = [];
  document.querySelectorAll(".pp-timer").forEach(function (el) {
    var timer = new Timer(el);
    el.ppTimer = timer;
    timers.push(timer);
  });

  function current() {
    var slide = Reveal.getCurrentSlide();
    var el = slide && slide.querySelector(".pp-timer");
    return el ? el.ppTimer : null;
  }

  function start() {
    // the slide size and margin the page's first paint used (deck.html's first_paint): one copy
    var size = window.panelpressDeckSize || { width: 1280, height: 720, margin: 0.04 };
    Reveal.initialize({
      // Under 435 px reveal turns the deck into its scroll view, which lays out every slide at once:
      // on a phone that held the main thread for ~1.4 s (Lighthouse, 4x slower CPU: 330 ms of
      // blocking time) against ~0.4 s for the slide view, and shows each slide at the same size.
      // A phone gets the deck as the room sees it, with its controls and slide number; swiping moves on.
      scrollActivationWidth: null,
      width: size.width,
      height: size.height,
      margin: size.margin,
      center: false,
      hash: true,
      transition: "fade",
      transitionSpeed: "fast",
      slideNumber: "c/t",
      controls: true,
      progress: true,
      pdfMaxPagesPerSlide: 1,
      pdfSeparateFragments: false  // printed, a story's slide shows every beat on its one page
    });
    // The speaker view (S) is reveal's notes plugin, 68 KB that only the presenter's laptop needs
    // and only once S is pressed: it is loaded then, registered (reveal starts a plugin registered
    // late at once), and opened. `?notes` in the address opens it at load, as the plugin would.
    var openNotes = loadOnce("reveal/plugin/notes.js", function () {
      Reveal.registerPlugin(RevealNotes);  // its init binds S to its own open()
      Reveal.getPlugin("notes").open();
    });
    Reveal.addKeyBinding({ keyCode: 83, key: "S", description: label("key_notes") }, openNotes);
    if (/[?&]notes\b/.test(window.location.search)) { Reveal.on("ready", openNotes); }
    Reveal.addKeyBinding({ keyCode: 84, key: "T", description: label("key_timer") }, function () {
      var timer = current();
      if (timer) { timer.toggle(); }
    });
    Reveal.addKeyBinding({ keyCode: 82, key: "R", description: label("key_reset") }, function () {
      var timer = current();
      if (timer) { timer.reset(); }
    });
  }
  window.panelpressTimers = timers;

  // reveal.js (31 kB) is asked for once the first slide is on screen: the page paints that slide
  // without it (deck.html's first_paint), so on a slow connection the script no longer shares the
  // line with the slide's styles and fonts, nor runs before the title shows (Lighthouse, slow 4G:
  // the deck's largest paint waited for reveal's download and start). "On screen" is the browser's
  // own word for it, its first-contentful-paint entry (two animation frames were not enough on a
  // busy machine); a browser that reports none (a tab opened in the background) loads it after a
  // second. At once when nothing was painted early (another slide in the address, printing) or
  // when a template loads reveal.js itself.
  var load = loadOnce("reveal/reveal.js", start);
  function afterFirstPaint(callback) {
    try {
      new PerformanceObserver(function (list, observer) {
        if (list.getEntriesByName("first-contentful-paint").length) {
          observer.disconnect();
          setTimeout(callback, 0);
        }
      }).observe({ type: "paint", buffered: true });
    } catch (e) {
      callback();  // no paint timing: as before it, straight away
      return;
    }
    setTimeout(callback, 1000);
  }
  if (window.Reveal) {
    start();
  } else if (document.querySelector(".reveal .slides > section.present")) {
    afterFirstPaint(load);
  } else {
    load();
  }
}());

/* Material's bundle and the scripts after it, run once the page is on screen (site/theme_patches.py).

   The page prints Material's `scripts` block inside the <template> just before this script, where
   nothing in it runs. Once the browser reports its first contentful paint, the scripts are added
   to the page in their order (async off: a browser runs such scripts in the order they were
   added), so the page's text and styles no longer share a slow connection with Material's 35 kB
   bundle, nor wait for its start, and the bundle asks for the search index after the paint too.

   Material's bundle waits for DOMContentLoaded (its `document$` listens once for it), and a
   script after it may wait for that event or the window's load: when the scripts run, those
   events may have passed. The listeners they add for the two (and only theirs: the page's own
   heard them) are kept and called as a browser calls them for deferred scripts: once every held
   script has run, in the order they were added, DOMContentLoaded's before load's (Material's
   components start, then what subscribed to `document$`); one for an event still to come is
   handed to the browser then. They are called in a task of their own, not in the one that ran
   the last script: Material's start and its bundle's evaluation were one task of 140-170 ms on
   a slow phone (Lighthouse's blocking time counts each task's time over 50 ms). */
(function (held) {
  "use strict";
  if (!held || !held.content) { return; }
  var RUN = { "": 1, "text/javascript": 1, "application/javascript": 1, "module": 1 };
  var kept = [];  // [target, type, listener, options] the held scripts added for the two events

  // which of the two events the page has had (this script runs while the page is parsed)
  var complete = document.readyState === "complete";
  var had = { DOMContentLoaded: complete, load: complete };
  document.addEventListener("DOMContentLoaded", function () { had.DOMContentLoaded = true; });
  window.addEventListener("load", function () { had.load = true; });

  function keeps(target, type) {
    return type === "DOMContentLoaded" || (type === "load" && target === window);
  }

  function keep(target) {
    var own = target.addEventListener;
    var shadowed = Object.prototype.hasOwnProperty.call(target, "addEventListener");
    target.addEventListener = function (type, listener, options) {
      if (listener && keeps(target, type)) { kept.push([target, type, listener, options]); return undefined; }
      return own.call(target, type, listener, options);
    };
    return function () {
      if (shadowed) { target.addEventListener = own; } else { delete target.addEventListener; }
    };
  }

  function call(target, type, listener) {
    var event = new Event(type);
    Object.defineProperty(event, "target", { value: target });
    Object.defineProperty(event, "currentTarget", { value: target });
    try {
      if (typeof listener === "function") { listener.call(target, event); }
      else if (typeof listener.handleEvent === "function") { listener.handleEvent(event); }
    } catch (error) {
      setTimeout(function () { throw error; }, 0);  // reported as an uncaught error would be
    }
  }

  function replay() {
    kept.sort(function (a, b) { return (a[1] === "load") - (b[1] === "load"); });  // stable
    kept.forEach(function (entry) {
      if (had[entry[1]]) { call(entry[0], entry[1], entry[2]); }
      else { entry[0].addEventListener(entry[1], entry[2], entry[3]); }  // still to come
    });
    kept = [];
  }

  function run() {
    if (!held.parentNode) { return; }  // run already (the paint and the fallback both call it)
    var restore = [keep(document), keep(window)];
    var pending = 1;
    function done() {
      pending -= 1;
      if (pending === 0) {
        restore.forEach(function (undo) { undo(); });
        setTimeout(replay, 0);
      }
    }
    var parent = held.parentNode;
    Array.prototype.forEach.call(held.content.querySelectorAll("script"), function (source) {
      var script = document.createElement("script");
      Array.prototype.forEach.call(source.attributes, function (attribute) {
        if (attribute.name !== "async" && attribute.name !== "defer") {
          script.setAttribute(attribute.name, attribute.value);
        }
      });
      script.async = false;
      script.text = source.text;
      var type = (source.getAttribute("type") || "").trim().toLowerCase();
      if (source.hasAttribute("src") && RUN[type]) {  // one that runs and tells when it has (load or error)
        pending += 1;
        script.onload = script.onerror = done;
      }
      parent.insertBefore(script, held);
    });
    parent.removeChild(held);
    done();
  }

  // "On screen" is the browser's own word for it, the first-contentful-paint entry (two animation
  // frames were not enough on a busy machine: slides.js). A browser without paint timing runs
  // the scripts at once; one that never reports the paint (a tab opened in the background, until
  // it is shown) after 3 s. Not sooner: under Lighthouse on a busy machine Chromium sometimes
  // shows a page's first frame 1-2 s late, also with no script on the page at all (2 runs in 8);
  // a timer of 1 s then ran the bundle before that paint, and Lighthouse counted it in the
  // largest paint again (1.9 s) and in the speed index (2.3-3.7 s): 98-99.
  var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (!types || types.indexOf("paint") < 0) {
    run();
    return;
  }
  new PerformanceObserver(function (list, observer) {
    if (list.getEntriesByName("first-contentful-paint").length) {
      observer.disconnect();
      setTimeout(run, 0);
    }
  }).observe({ type: "paint", buffered: true });
  setTimeout(run, 3000);
}(document.currentScript && document.currentScript.previousElementSibling));

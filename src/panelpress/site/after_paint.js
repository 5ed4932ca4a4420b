/* Material's bundle and the scripts after it, run once the page is on screen (site/theme_patches.py).

   The page prints Material's `scripts` block inside the <template> just before this script, where
   nothing in it runs. Once the browser reports its first contentful paint, the scripts are added
   to the page in their order (async off: a browser runs such scripts in the order they were
   added), so the page's text and styles no longer share a slow connection with Material's 35 kB
   bundle, nor wait for its start, and the bundle asks for the search index after the paint too.

   Material's bundle waits for DOMContentLoaded (its `document$` listens once for it), and a
   script after it may wait for that event or the window's load: when the scripts run, those
   events may have passed. A listener they add for an event that has already passed (and only
   theirs: the page's own listeners heard it) is called once every held script has run, in the
   order they were added, as the browser calls them when the scripts are deferred: Material's
   components, then the scripts subscribed to `document$`. */
(function (held) {
  "use strict";
  if (!held || !held.content) { return; }
  var RUN = { "": 1, "text/javascript": 1, "application/javascript": 1, "module": 1 };
  var late = [];  // [target, type, listener] for an event that passed before the listener came

  // which of the two events the page has had (this script runs while the page is parsed)
  var complete = document.readyState === "complete";
  var had = { DOMContentLoaded: complete, load: complete };
  document.addEventListener("DOMContentLoaded", function () { had.DOMContentLoaded = true; });
  window.addEventListener("load", function () { had.load = true; });

  function passed(target, type) {
    return type === "DOMContentLoaded" ? had.DOMContentLoaded : type === "load" && target === window && had.load;
  }

  function listenLate(target) {
    var own = target.addEventListener;
    var shadowed = Object.prototype.hasOwnProperty.call(target, "addEventListener");
    target.addEventListener = function (type, listener, options) {
      if (listener && passed(target, type)) { late.push([target, type, listener]); }
      return own.call(target, type, listener, options);
    };
    return function () {
      if (shadowed) { target.addEventListener = own; } else { delete target.addEventListener; }
    };
  }

  function replay() {
    late.sort(function (a, b) { return (a[1] === "load") - (b[1] === "load"); });  // stable
    late.forEach(function (entry) {
      var event = new Event(entry[1]);
      Object.defineProperty(event, "target", { value: entry[0] });
      Object.defineProperty(event, "currentTarget", { value: entry[0] });
      try {
        if (typeof entry[2] === "function") { entry[2].call(entry[0], event); }
        else if (typeof entry[2].handleEvent === "function") { entry[2].handleEvent(event); }
      } catch (error) {
        setTimeout(function () { throw error; }, 0);  // reported as an uncaught error would be
      }
    });
    late = [];
  }

  function run() {
    if (!held.parentNode) { return; }  // run already (the paint and the fallback both call it)
    var restore = [listenLate(document), listenLate(window)];
    var pending = 1;
    function done() {
      pending -= 1;
      if (pending === 0) {
        restore.forEach(function (undo) { undo(); });
        replay();
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

  // "On screen" is the browser's own word for it, the first-contentful-paint entry; a browser
  // that reports none (a tab opened in the background) runs the scripts after a second, and one
  // without paint timing straight away.
  try {
    new PerformanceObserver(function (list, observer) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        setTimeout(run, 0);
      }
    }).observe({ type: "paint", buffered: true });
  } catch (error) {
    run();
    return;
  }
  setTimeout(run, 1000);
}(document.currentScript && document.currentScript.previousElementSibling));

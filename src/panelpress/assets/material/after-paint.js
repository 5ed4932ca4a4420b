// Material's bundle, asked for once the page's first frame is on screen, with the page's `load`
// held until it has run (site/after_paint.py). Printed inline where Material prints its
// <script src>, a plain script: it runs as the parser reaches it, so `document.currentScript` is
// this element, its data-bundle the bundle's address.
(function (script) {
  var src = script.getAttribute("data-bundle");
  var shown = false;  // the first frame is on screen (or will not be: see below)
  var parsed = false;  // DOMContentLoaded has been fired (a flag: readyState is "interactive" before it)
  document.addEventListener("DOMContentLoaded", function () { parsed = true; }, { once: true });

  function ask() {
    var bundle = document.createElement("script");
    bundle.src = src;
    bundle.onload = function () {
      // Material starts when the document fires DOMContentLoaded (its `document$`): a bundle that
      // arrives after it is told once more. One that arrives first hears the browser's own.
      if (parsed) document.dispatchEvent(new Event("DOMContentLoaded"));
    };
    document.head.appendChild(bundle);
  }

  // A page's `load` waits for every script element inserted before it that has not run yet. One
  // empty data: script at a time, each inserting the next as it runs (no request, no network),
  // holds it from here until the first frame is shown; the bundle, inserted by the last of them,
  // holds it until Material has started. So whoever acts once the page has loaded (a reader, a
  // test) meets a started Material, as with a deferred bundle, whose start DOMContentLoaded waits for.
  function hold() {
    if (shown) {
      ask();
      return;
    }
    var link = document.createElement("script");
    link.src = "data:text/javascript,";
    link.onload = link.onerror = function () {
      link.remove();
      hold();
    };
    document.head.appendChild(link);
  }

  function show() { shown = true; }
  // "On screen" is the browser's own word for it, its first-contentful-paint entry (as the deck
  // waits for reveal.js: slides.js). A tab opened in the background paints nothing until it is
  // shown: it asks at once, as does a browser without paint timing; any other after 3 s at most.
  if (document.visibilityState === "hidden") show();
  try {
    new PerformanceObserver(function (list, observer) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        show();
      }
    }).observe({ type: "paint", buffered: true });
  } catch (e) {
    show();
  }
  setTimeout(show, 3000);
  hold();
})(document.currentScript);

// Material's bundle, asked for once the page's first frame is on screen (site/after_paint.py).
// Printed inline where Material prints its <script src>, a plain script: it runs as the parser
// reaches it, so `document.currentScript` is this element, its data-bundle the bundle's address.
(function (script) {
  var src = script.getAttribute("data-bundle");
  var asked = false;
  var parsed = false;  // DOMContentLoaded has been fired (a flag: readyState is "interactive" before it)
  document.addEventListener("DOMContentLoaded", function () { parsed = true; }, { once: true });

  function load() {
    if (asked) return;
    asked = true;
    var bundle = document.createElement("script");
    bundle.src = src;
    bundle.onload = function () {
      // Material starts when the document fires DOMContentLoaded (its `document$`): a bundle that
      // arrives after it is told once more. One that arrives first hears the browser's own.
      if (parsed) document.dispatchEvent(new Event("DOMContentLoaded"));
    };
    document.body.appendChild(bundle);
  }

  // "On screen" is the browser's own word for it, its first-contentful-paint entry (as the deck
  // waits for reveal.js: slides.js). A browser that reports none (a tab opened in the background)
  // loads it after 3 s; one without paint timing at once. (Not 1 s: a busy headless Chromium
  // sometimes shows its first frame only on a once-a-second tick, 1.2 s in; the bundle asked for
  // at 1 s then joined that paint again in Lighthouse's count, in 2 of 3 runs at load 14.)
  try {
    new PerformanceObserver(function (list, observer) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        setTimeout(load, 0);
      }
    }).observe({ type: "paint", buffered: true });
  } catch (e) {
    load();
    return;
  }
  setTimeout(load, 3000);
})(document.currentScript);

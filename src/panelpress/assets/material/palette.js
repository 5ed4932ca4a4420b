// The colour palette before Material's bundle has started (site/after_paint.py: the bundle comes
// after the first paint). Printed inline after Material's own palette script, which applies a
// palette chosen on an earlier visit. This one does what the bundle does when it starts, only
// sooner: on a first visit it applies the palette whose media matches the system's (a dark-scheme
// phone paints its first frame dark, not light and then dark), it shows the toggle of the palette
// in use, and a tap on that toggle is applied and stored where the bundle looks for the reader's
// choice when it starts (`__md_get("__palette")`), so it is not lost. Material's own rules, in
// its words, for the same markup (partials/palette.html).
(function (form) {
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
  if (!inputs.length) return;

  function palette(index) {
    var input = inputs[index];
    return { index: index, color: {
      media: input.getAttribute("data-md-color-media"),
      scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"),
      accent: input.getAttribute("data-md-color-accent")
    } };
  }

  function showToggle(index) {
    inputs.forEach(function (input, at) {
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = at !== index;
    });
  }

  function apply(chosen) {
    var color = chosen.color;
    if (color.media === "(prefers-color-scheme)") {  // Material's automatic palette: the system's
      var light = matchMedia("(prefers-color-scheme: light)").matches;
      var input = form.querySelector("[data-md-color-media='(prefers-color-scheme: " + (light ? "light" : "dark") + ")']");
      if (input) color = palette(inputs.indexOf(input)).color;
    }
    Object.keys(color).forEach(function (key) {
      document.body.setAttribute("data-md-color-" + key, color[key]);
    });
    showToggle(chosen.index);
  }

  var stored = __md_get("__palette");
  if (stored && stored.color && typeof stored.index === "number") {
    showToggle(stored.index);  // its colours are on the page already (Material's script)
  } else {
    var first = inputs.findIndex(function (input) {
      return matchMedia(input.getAttribute("data-md-color-media")).matches;
    });
    apply(palette(Math.max(0, Math.min(first, inputs.length - 1))));
  }

  form.addEventListener("change", function (event) {
    var index = inputs.indexOf(event.target);
    if (index < 0) return;
    var chosen = palette(index);
    apply(chosen);
    __md_set("__palette", chosen);
  });
})(document.querySelector("[data-md-component=palette]"));

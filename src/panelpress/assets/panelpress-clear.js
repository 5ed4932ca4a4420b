/* panelpress: "Clear my answers" and its Undo, one behaviour for the exercises
 * (panelpress-exercises.js) and the evaluation form (panelpress-evaluation.js).
 *
 * Clearing wipes every answer at once; an Undo beside the button brings them back until the next
 * answer is given (review 23: one mis-tap on a phone lost a filled audit). The page's own script
 * says what clearing and restoring mean for its answers; this one holds when the Undo is offered.
 * Loaded before those two (site/plugin.py) on the pages that use them (site/theme_patches.py).
 * It holds no words: the page's script announces what happened, from its labels.
 */
(function () {
  "use strict";

  /* Wires `options.clear` (the "Clear my answers" button) and `options.undo` (the element shown
   * while the cleared answers can come back; `options.undoButton` the button in it, by default the
   * element itself; either may be missing from an author's template: then there is no Undo).
   * `take()` forgets the answers, stored and shown, and returns them as they were;
   * `give(saved)` puts them back, shown and stored.
   * Returns `withdraw`, which the page calls on every new answer: what was cleared stays cleared. */
  window.panelpressClearUndo = function (options) {
    var undo = options.undo || null;
    var button = options.undoButton || undo;
    var cleared = null;

    function offer(saved) {
      cleared = saved;
      if (undo) undo.hidden = saved === null;
    }

    options.clear.addEventListener("click", function () {
      offer(options.take());
    });
    if (button) button.addEventListener("click", function () {
      if (cleared === null) return;
      var saved = cleared;
      offer(null);
      options.give(saved);
      options.clear.focus();  // the Undo is gone: focus stays beside it, not back at the page's top
    });
    return function withdraw() { offer(null); };
  };
})();

"""Printed copies that a screen reader reads once.

Some handouts print one thing several times for the scissors: the takeaways card two or four
times on a sheet, a name on both halves of a folded tent, six blank question cards on a page.
The PDFs are tagged (WeasyPrint's `pdf_tags`), and WeasyPrint tags every copy, so a screen
reader, or anything that reuses the PDF's structure (reflow, "save as text"), reads the card
four times. PDF says how to do better: content on the page that is not part of the document's
meaning is an *artifact* (ISO 32000-1 14.8.2.2; PDF/UA-1 7.1): it is drawn as it was, wrapped in
`/Artifact BMC … EMC` in the page's content, and has no element in the structure tree.

WeasyPrint 70 cannot be told so: its tagging (weasyprint/pdf/tags.py) reads no attribute of the
HTML, not even `aria-hidden` (Kozea/WeasyPrint#2550, open). So a template marks each copy after
the first with `data-pdf-artifact`, and two small steps do the rest, in the worker that
typesets the document:

1. `install` wraps WeasyPrint's tag-tree builder so that it notes the structure element it made
   for each marked HTML element (it is the only place where the HTML element and its structure
   element are both at hand). The tree is built as before.
2. `copies_as_artifacts`, a finisher (it runs on the PDF's objects before they are written, like
   text_layer's), takes each noted element out of the tree, turns the marked-content sequences
   of its text and images into artifacts, and renumbers the page's remaining sequences so the
   tree's map from content to elements (the ParentTree) has no holes. Nothing that is drawn
   changes: the page prints the same pixels, and its text layer (what pdftotext and search read)
   still has every copy's words.

The finisher works on pydyf's objects rather than opening the written PDF with a PDF library:
the element of a marked copy is only known while WeasyPrint builds the tree, and at that point
the content streams are still lists of operators, so the change costs no parsing and no second
write of the file.

`data-pdf-artifact` is for a repeat of something tagged elsewhere in the same document (or a
drawing that says nothing, like the cut marks), never for the only copy of a text (that would hide
it from a screen reader altogether). It is not `aria-hidden`, which our templates already use for
the web's sake where paper needs the text read: a choice's option letter is hidden on the page
(the radio button says it) but is what a workbook's reader circles. A copy that
holds a link or a form field keeps its tags: an annotation must belong to the tree (PDF/UA-1
7.18.1), and the build says so.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections import defaultdict

log = logging.getLogger("mkdocs.plugins.panelpress.pdf")

ATTRIBUTE = "data-pdf-artifact"
_NOTED = "_panelpress_artifacts"  # the PDF object's attribute holding the noted structure elements
_PARAMETERS = ["box", "parent", "pdf", "page_number", "nums", "annotations", "tags"]


def _marked(box: object) -> bool:
    box = getattr(box, "_box", box)  # an absolutely positioned box stands behind a placeholder
    element = getattr(box, "element", None)
    # the anonymous boxes and pseudo-elements inside the element share it: they are noted too,
    # and passed over as lying within the element's own (`_inside`)
    return element is not None and element.get(ATTRIBUTE) is not None


def install() -> bool:
    """Wrap `weasyprint.pdf.tags._build_box_tree` so that it notes marked elements' structure
    elements on the PDF. Idempotent; False (and the PDFs tagged as before) if WeasyPrint's
    function is not the one this was written for (WeasyPrint 70)."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if getattr(original, "panelpress_artifacts", False):
        return True
    if list(inspect.signature(original).parameters) != _PARAMETERS:
        if getattr(install, "refused", False):
            return False  # said once per process, not once per document
        install.refused = True  # type: ignore[attr-defined]
        log.warning("panelpress: this WeasyPrint's tagging is not the one panelpress knows: "
                    "a handout's printed copies are read once per copy by screen readers")
        return False

    @functools.wraps(original)
    def build_box_tree(box, parent, pdf, page_number, nums, annotations, tags_):  # type: ignore[no-untyped-def]
        marked = _marked(box)
        for element in original(box, parent, pdf, page_number, nums, annotations, tags_):
            if marked:
                pdf.__dict__.setdefault(_NOTED, []).append(element)
            yield element

    build_box_tree.panelpress_artifacts = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_box_tree  # the builder calls itself through the module: its recursion is wrapped too
    return True


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


class _Tree:
    """The PDF's structure tree as pydyf objects, with what the finisher needs to look up."""

    def __init__(self, pdf: object) -> None:
        self.objects = pdf.objects  # type: ignore[attr-defined]
        self.pages = {ref: n for n, ref in enumerate(pdf.page_references)}  # type: ignore[attr-defined]
        catalog = pdf.catalog  # type: ignore[attr-defined]
        root = self.objects[_number(catalog["StructTreeRoot"])]
        nums = self.objects[_number(root["ParentTree"])]["Nums"]
        # page number → its array of structure elements by MCID (the annotations' entries follow
        # the pages' as single references, and are left as they are)
        self.parents: dict[int, list] = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)
                                         if isinstance(nums[i + 1], list)}

    def get(self, reference: bytes) -> dict:
        return self.objects[_number(reference)]

    def subtree(self, element: dict) -> tuple[list[dict], set[tuple[int, int]], bool]:
        """The structure elements under `element` (itself included), the (page, MCID) of the
        content they own, and whether an annotation (a link, a form field) is among it."""
        elements, content, annotated = [], set(), False
        todo = [element]
        while todo:
            node = todo.pop()
            elements.append(node)
            page = self.pages.get(node.get("Pg"))
            for kid in node.get("K", ()):
                if isinstance(kid, int):
                    content.add((page, kid))
                    continue
                child = self.get(kid)
                if child.get("Type") == "/OBJR":
                    annotated = True
                else:
                    todo.append(child)
        return elements, content, annotated

    def detach(self, element: dict) -> None:
        """Take `element` out of its parent's kids; a parent left with none goes too."""
        parent = self.get(element["P"])
        parent["K"][:] = [kid for kid in parent["K"] if kid != element.reference]  # type: ignore[attr-defined]
        if not parent["K"] and parent.get("S") != "/Document":
            self.detach(parent)


def _streams(pdf: object, page: dict) -> list:
    """A page's content stream and the form XObjects it draws (WeasyPrint draws a translucent
    or clipped part into a group, whose marked content belongs to the page's MCIDs)."""
    objects = pdf.objects  # type: ignore[attr-defined]
    resources = objects[_number(page["Resources"])] if isinstance(page["Resources"], bytes) else page["Resources"]
    forms = resources.get("XObject", {})
    found, todo, seen = [], [objects[_number(page["Contents"])]], set()
    while todo:
        stream = todo.pop()
        if id(stream) in seen:
            continue
        seen.add(id(stream))
        found.append(stream)
        for item in stream.stream:
            if isinstance(item, bytes) and item.endswith(b" Do") and item.startswith(b"/"):
                reference = forms.get(item[1:-3].decode("ascii", "replace"))
                if isinstance(reference, bytes):
                    form = objects[_number(reference)]
                    if form.extra.get("Subtype") == "/Form":
                        todo.append(form)
    return found


def _rewrite(stream: object, dropped: set[int], renumber: dict[int, int]) -> None:
    """In one content stream, `/Tag <</MCID n>> BDC` becomes `/Artifact BMC` for a dropped n and
    takes its new number otherwise; the sequence's end (EMC) stays as it is."""
    items = stream.stream  # type: ignore[attr-defined]
    out = []
    for i, item in enumerate(items):
        if (isinstance(item, dict) and "MCID" in item and i + 1 < len(items) and items[i + 1] == b"BDC"
                and out and isinstance(out[-1], str) and out[-1].startswith("/")):  # pydyf: tag, properties, BDC
            if item["MCID"] in dropped:
                out[-1] = "/Artifact"  # in place of the tag
                items[i + 1] = b"BMC"
                continue
            item["MCID"] = renumber[item["MCID"]]
        out.append(item)
    items[:] = out


def copies_as_artifacts(document: object, pdf: object) -> None:
    """WeasyPrint finisher: the noted copies leave the structure tree and become artifacts."""
    noted = pdf.__dict__.pop(_NOTED, None)  # type: ignore[attr-defined]
    if not noted:
        return
    tree = _Tree(pdf)
    ids = {id(element) for element in noted}
    dropped: dict[int, set[int]] = defaultdict(set)
    linked = 0
    for element in noted:
        if not element or _inside(tree, element, ids):  # cleared already, or within a noted one
            continue
        elements, content, annotated = tree.subtree(element)
        if annotated:
            linked += 1
            continue
        tree.detach(element)
        for page, mcid in content:
            dropped[page].add(mcid)
        for node in elements:
            node.clear()  # no longer in the tree: an empty dictionary, not a second copy of its text
    if linked:
        title = getattr(getattr(document, "metadata", None), "title", None) or "a handout"
        log.warning(f"panelpress: {title}: printed copies marked {ATTRIBUTE} that hold a link or a form "
                    f"field stay tagged ({linked} here), so a screen reader reads them once per copy (a "
                    "link belongs to the document's structure: keep links out of the copies, or take "
                    f"{ATTRIBUTE} off them in your template)")
    for page_number, mcids in dropped.items():
        parents = tree.parents[page_number]
        kept = [mcid for mcid in range(len(parents)) if mcid not in mcids]
        renumber = {old: new for new, old in enumerate(kept)}
        for old, new in renumber.items():
            if old != new:
                owner = tree.get(parents[old])
                owner["K"][:] = [new if kid == old else kid for kid in owner["K"]]
        parents[:] = [parents[mcid] for mcid in kept]
        page = tree.get(pdf.page_references[page_number])  # type: ignore[attr-defined]
        for stream in _streams(pdf, page):
            _rewrite(stream, mcids, renumber)


def _inside(tree: _Tree, element: dict, ids: set[int]) -> bool:
    """Whether a noted element lies within another noted one."""
    reference = element.get("P")
    while reference is not None:
        parent = tree.get(reference)
        if id(parent) in ids:
            return True
        reference = parent.get("P")
    return False

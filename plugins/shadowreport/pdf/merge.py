"""Put the whole report's parts (parts.py), each a tagged PDF from
WeasyPrint, together into one tagged PDF with pikepdf.

Copying pages alone would lose what makes the PDF accessible and usable, so
each part brings along, renumbered into the whole:
- its structure tree (PDF/UA): the part's top-level structure elements go
  under the first part's Document element, and its ParentTree entries (the
  marked-content and link-annotation mappings WeasyPrint numbers from 0 in
  every part) are shifted past those already there, with the pages'
  /StructParents and the annotations' /StructParent;
- its named destinations (every id of the HTML), in one name tree;
- its bookmarks, appended to the outline; a part's top entries that are
  deeper than the last top entry before them (commitments, level 2, of an
  area that began in an earlier part: render.outline_levels) go under it;
- its links to other parts (CROSS_PART_SCHEME URIs) become links to their
  named destinations.

The first part's catalog stays: language, XMP metadata (PDF/UA
identification, title), viewer preferences, document information.
"""

from __future__ import annotations

import io
import warnings

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, String

from .parts import CROSS_PART_SCHEME


def _parent_tree_pairs(root) -> list[tuple[int, object]]:
    """(key, value) of a ParentTree, flat or with kids."""
    pairs = []
    nums = root.get("/Nums")
    if nums is not None:
        pairs.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
    for kid in root.get("/Kids", []):
        pairs.extend(_parent_tree_pairs(kid))
    return pairs


def _top_outlines(outlines) -> list:
    items, item = [], outlines.get("/First") if outlines is not None else None
    while item is not None:
        items.append(item)
        item = item.get("/Next")
    return items


class _Whole:
    """The merged document, grown one part at a time."""

    def __init__(self, first: pikepdf.Pdf):
        self.pdf = first
        root = first.Root.StructTreeRoot
        self.document = root.K[0] if isinstance(root.K, Array) else root.K
        # Python lists, made PDF arrays once in finish(): growing a pikepdf
        # Array entry by entry made the merge four times as long.
        self.parent_tree = [x for key, value in _parent_tree_pairs(root.ParentTree) for x in (key, value)]
        self.next_key = max((key for key, _ in _parent_tree_pairs(root.ParentTree)), default=-1) + 1
        self.destinations = dict(NameTree(first.Root.Names.Dests).items()) if "/Names" in first.Root and "/Dests" in first.Root.Names else {}
        self.outlines: list = []
        self.open: list[tuple[int, object]] = []  # (level, entry): the last top entry and its open ancestors

    def add_outline(self, items: list, levels) -> None:
        """A part's top outline entries (already in this document), each at
        the top or under the last entry of a lower level."""
        levels = list(levels) if len(levels) == len(items) else [1] * len(items)
        for item, level in zip(items, levels):
            while self.open and self.open[-1][0] >= level:
                self.open.pop()
            if self.open:
                _append_child(self.open[-1][1], item)
            else:
                self.outlines.append(item)
            self.open.append((level, item))

    def append(self, part: pikepdf.Pdf, levels=()) -> None:
        whole = self.pdf
        start = len(whole.pages)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations stay behind: they are carried below
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            whole.pages.extend(part.pages)
        offset = self.next_key
        for page in whole.pages[start:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        # One copier per source document: the structure elements' /Pg and
        # the destinations land on the pages just copied, not on new copies.
        source_root = part.Root.StructTreeRoot
        document = whole.copy_foreign(source_root.K[0] if isinstance(source_root.K, Array) else source_root.K)
        for element in document.get("/K", []):
            element.P = self.document
            self.document.K.append(element)
        for key, value in _parent_tree_pairs(whole.copy_foreign(source_root.ParentTree)):
            self.parent_tree.extend([key + offset, value])
            self.next_key = max(self.next_key, key + offset + 1)
        if "/Names" in part.Root and "/Dests" in part.Root.Names:
            for name, destination in NameTree(part.Root.Names.Dests).items():
                if not destination.is_indirect:  # copy_foreign takes indirect objects only
                    destination = part.make_indirect(destination)
                self.destinations.setdefault(name, whole.copy_foreign(destination))
        self.add_outline([whole.copy_foreign(item) for item in _top_outlines(part.Root.get("/Outlines"))], levels)

    def finish(self) -> bytes:
        whole = self.pdf
        root = whole.Root.StructTreeRoot
        root.ParentTree = whole.make_indirect(Dictionary(Nums=Array(self.parent_tree)))
        root.ParentTreeNextKey = self.next_key
        names = [x for name in sorted(self.destinations) for x in (String(name), self.destinations[name])]
        if "/Names" not in whole.Root:
            whole.Root.Names = Dictionary()
        whole.Root.Names.Dests = whole.make_indirect(Dictionary(Names=Array(names)))
        self._link_across_parts()
        self._chain_outlines()
        buffer = io.BytesIO()
        # deterministic_id: the same parts give the same bytes, build after build
        whole.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()

    def _link_across_parts(self) -> None:
        for page in self.pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                action = annotation.get("/A")
                if action is None or action.get("/S") != Name.URI:
                    continue
                uri = str(action.URI)
                if uri.startswith(CROSS_PART_SCHEME):
                    del annotation["/A"]
                    annotation.Dest = String(uri[len(CROSS_PART_SCHEME):])
                    annotation.Contents = annotation.Dest

    def _chain_outlines(self) -> None:
        if not self.outlines:
            return
        outline = self.pdf.Root.get("/Outlines")
        if outline is None:
            outline = self.pdf.Root.Outlines = self.pdf.make_indirect(Dictionary(Type=Name.Outlines))
        visible = 0
        for previous, item, following in zip([None, *self.outlines], self.outlines, [*self.outlines[1:], None]):
            item.Parent = outline
            for key, value in (("/Prev", previous), ("/Next", following)):
                if value is None:
                    if key in item:
                        del item[key]
                else:
                    item[key] = value
            visible += 1 + max(0, int(item.get("/Count", 0)))
        outline.First, outline.Last, outline.Count = self.outlines[0], self.outlines[-1], visible


def _append_child(parent, item) -> None:
    """`item` (with its own children) as the last child of outline entry `parent`."""
    last = parent.get("/Last")
    item.Parent = parent
    if "/Next" in item:
        del item["/Next"]
    if last is None:
        if "/Prev" in item:
            del item["/Prev"]
        parent.First = item
    else:
        last.Next = item
        item.Prev = last
    parent.Last = item
    shown = 1 + max(0, int(item.get("/Count", 0)))
    count = int(parent.get("/Count", 0))
    parent.Count = count + shown if count >= 0 else count - shown  # negative: closed, |count| would show


def merge_parts(parts: list[bytes], levels: list | None = None) -> bytes:
    """One PDF of `parts` (the bytes of each part's PDF, in order);
    `levels`: each part's outline levels (render.outline_levels)."""
    levels = levels or [()] * len(parts)
    sources = [pikepdf.open(io.BytesIO(data)) for data in parts]
    try:
        whole = _Whole(sources[0])
        whole.add_outline(_top_outlines(sources[0].Root.get("/Outlines")), levels[0])
        for part, part_levels in zip(sources[1:], levels[1:]):
            whole.append(part, part_levels)
        return whole.finish()
    finally:
        for source in sources:
            source.close()

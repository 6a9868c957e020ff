"""Join soft line breaks between Chinese characters.

Pages are wrapped at about 120 columns; in HTML a line break is a space, which Chinese text does
not have (“中文，\\n以及” shows as “中文， 以及”). Drop the break where both sides are CJK
characters or CJK punctuation; elsewhere it stays a space (“Linux 命令”, between Latin words).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\n[ \t]*(?=[{CJK}])")
SKIP = (nodes.literal_block, nodes.literal, nodes.raw, nodes.comment)


class JoinCJKLines(SphinxPostTransform):
    default_priority = 900  # after cross-references are resolved: their text counts as a neighbour

    def run(self, **kwargs) -> None:
        # Children are handled by position: Text nodes compare equal as strings, so index() and
        # replace() would pick the first "\n" of a paragraph rather than the one at hand.
        for parent in self.document.findall(nodes.TextElement):
            if isinstance(parent, SKIP):
                continue
            children = parent.children
            for i, child in enumerate(children):
                if not isinstance(child, nodes.Text) or "\n" not in child:
                    continue
                # The characters on either side, from the neighbouring nodes too (a break can end a
                # text node followed by **bold**, or stand alone as MyST's soft-break node).
                before = "".join(c.astext() for c in children[:i])[-1:]
                after = "".join(c.astext() for c in children[i + 1 :])[:1]
                joined = BREAK.sub("", before + str(child) + after)
                joined = joined[len(before) : len(joined) - len(after)]
                if joined != str(child):
                    children[i] = nodes.Text(joined)
                    children[i].parent = parent


def setup(app: Sphinx) -> dict:
    app.add_post_transform(JoinCJKLines)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

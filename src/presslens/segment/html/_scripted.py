"""Comment systems that load their thread by script, so it is never in the saved HTML.

``scripted_provider(tree)`` names the first embed it recognises (Disqus, Facebook,
Coral, ...) from its container element or its loader script; the caller turns that into a
warning instead of inventing comments.
"""

from __future__ import annotations

import re

from presslens.segment.html._dom import El, elements, ident, tag_of, tokens

# (provider, pattern over script sources and script code, container ids, container classes)
_PROVIDERS: tuple[tuple[str, re.Pattern[str], frozenset[str], frozenset[str]], ...] = (
    (
        "Disqus",
        re.compile(r"disqus\.com/(?:embed|forums/[^/]+/embed)\.js|disqus_shortname|disqus_config"),
        frozenset({"disqus_thread"}),
        frozenset(),
    ),
    (
        "Facebook comments",
        re.compile(r"facebook\.com/plugins/comments|fb-comments"),
        frozenset(),
        frozenset({"fb-comments", "fb_comments"}),
    ),
    (
        "Coral",
        re.compile(r"coral\.createstreamembed|coral\.talk\.render|coralproject"),
        frozenset({"coral_thread", "coral_talk_stream", "coral-comments"}),
        frozenset({"coral-stream", "coral-comments"}),
    ),
    (
        "Livefyre",
        re.compile(r"livefyre\.com|fyre\.conv|livefyre\.require"),
        frozenset({"livefyre", "livefyre-comments", "livefyre_comments"}),
        frozenset({"livefyre", "livefyre-comments"}),
    ),
    (
        "OpenWeb (Spot.IM)",
        re.compile(r"spot\.im/|spotim|openweb\.com|data-spotim"),
        frozenset(),
        frozenset({"spot-im-frame-inpage", "spotim-comments"}),
    ),
    (
        "Viafoura",
        re.compile(r"viafoura"),
        frozenset(),
        frozenset({"viafoura", "vf-conversations"}),
    ),
    (
        "IntenseDebate",
        re.compile(r"intensedebate\.com"),
        frozenset({"idc-container", "idc-container-parent"}),
        frozenset(),
    ),
    (
        "Vuukle",
        re.compile(r"vuukle"),
        frozenset({"vuukle-comments", "vuukle_div"}),
        frozenset(),
    ),
    ("Giscus", re.compile(r"giscus\.app"), frozenset(), frozenset({"giscus"})),
    ("utterances", re.compile(r"utteranc\.es"), frozenset(), frozenset({"utterances"})),
    ("Commento", re.compile(r"commento\.io|cdn\.commento"), frozenset({"commento"}), frozenset()),
    ("Hyvor Talk", re.compile(r"talk\.hyvor\.com"), frozenset({"hyvor-talk-view"}), frozenset()),
    (
        "Gigya comments",
        re.compile(r"gigya\.comments|comments\.showcommentsui"),
        frozenset(),
        frozenset({"gig-comments"}),
    ),
)
_FB_TAGS = frozenset({"fb:comments"})
_SCRIPT_CHARS = 20_000  # of each inline script: loaders sit at their top


def scripted_provider(tree: El) -> str | None:
    """The name of a script-loaded comment system embedded in the page, or None."""
    code: list[str] = []
    ids: set[str] = set()
    classes: set[str] = set()
    fb_tag = False
    for el in elements(tree):
        tag = tag_of(el)
        if tag in ("script", "iframe"):
            code.append((el.get("src") or "").lower())
            if tag == "script" and el.text:
                code.append(el.text[:_SCRIPT_CHARS].lower())
            continue
        if tag in _FB_TAGS:
            fb_tag = True
        if name := ident(el):
            ids.add(name)
        classes.update(tokens(el))
    joined = "\n".join(code)
    for name, pattern, container_ids, container_classes in _PROVIDERS:
        if ids & container_ids or classes & container_classes or pattern.search(joined):
            return name
    return "Facebook comments" if fb_tag else None

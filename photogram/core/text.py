"""Plain text people write (bios, captions) turned into the safe HTML Mastodon clients display."""

from __future__ import annotations

import re
from html import unescape

from django.utils.html import escape

from photogram.core.urls import absolute_url

# A hashtag: letters, digits and underscores, not all digits, not inside a word.
HASHTAG = re.compile(r"(?<![\w/#])#(\w*[^\W\d]\w*)", re.UNICODE)
MENTION = re.compile(r"(?<![\w/@])@([A-Za-z0-9_]{1,30})(?![\w@])")
LINK = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
TOKEN = re.compile(f"{LINK.pattern}|{HASHTAG.pattern}|{MENTION.pattern}", re.UNICODE)
_BREAK = re.compile(r"<br />|</p><p>")
_TAG = re.compile(r"<[^>]*>")


def hashtags_in(text: str) -> list[str]:
    """Return the hashtags of a text, lower-cased, in order of first use."""
    return list(dict.fromkeys(tag.lower() for tag in HASHTAG.findall(text)))


def mentions_in(text: str) -> list[str]:
    """Return the usernames mentioned in a text, lower-cased, in order of first mention."""
    return list(dict.fromkeys(name.lower() for name in MENTION.findall(text)))


def render(text: str) -> str:
    """Return `text` as escaped HTML paragraphs with links, hashtags and mentions linked."""
    paragraphs = [part for part in re.split(r"\n{2,}", text.strip()) if part.strip()]
    return "".join(f"<p>{_render_paragraph(paragraph)}</p>" for paragraph in paragraphs)


def plain(html: str) -> str:
    """Return the text of HTML `render` made: paragraphs and line breaks as newlines, links as their text."""
    return unescape(_TAG.sub("", _BREAK.sub("\n", html)))


def _render_paragraph(paragraph: str) -> str:
    pieces: list[str] = []
    position = 0
    for match in TOKEN.finditer(paragraph):
        pieces.append(escape(paragraph[position : match.start()]))
        token = match.group(0)
        if token.startswith("#"):
            tag = token[1:]
            href = absolute_url(f"/tags/{tag.lower()}")
            pieces.append(f'<a href="{escape(href)}" class="mention hashtag" rel="tag">#<span>{escape(tag)}</span></a>')
        elif token.startswith("@"):
            name = token[1:]
            href = absolute_url(f"/@{name}")
            link = f'<a href="{escape(href)}" class="u-url mention">@<span>{escape(name)}</span></a>'
            pieces.append(f'<span class="h-card">{link}</span>')
        else:
            pieces.append(
                f'<a href="{escape(token)}" rel="nofollow noopener noreferrer" target="_blank">{escape(token)}</a>'
            )
        position = match.end()
    pieces.append(escape(paragraph[position:]))
    return "<br />".join("".join(pieces).split("\n"))

"""``kundenspiel guide``: the trainers' guide in the terminal, with its table of contents.

Textual's MarkdownViewer does the reading; this module adds what the guide needs beyond it:
links to headings (``#4-bedingungen``) found the way GitHub and GitLab name them, umlauts
included, a way back after following one, the table of contents switched on and off with a key,
and German keys and help.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Markdown, MarkdownViewer, Tree
from textual.widgets.markdown import MarkdownTableOfContents, TableOfContentsType

from kundenspiel.ui.shell import ShellApp
from kundenspiel.ui.widgets.footer import GameFooter

HELP_LINE = "↑↓ blättern · Tab: Inhalt/Text · q: beenden"

# GitHub's rule for heading anchors: lower case, every character that is neither a letter, a
# digit, "_", "-" nor a space dropped, spaces as "-"; repeated headings get "-1", "-2", …
_NOT_IN_ANCHOR = re.compile(r"[^\w\- ]")


def heading_anchors(titles: list[str]) -> list[str]:
    """The anchor of each heading, in order, as GitHub and GitLab write them in links."""
    anchors: list[str] = []
    used: dict[str, int] = {}
    for title in titles:
        anchor = _NOT_IN_ANCHOR.sub("", title.strip().lower()).replace(" ", "-")
        count = used.get(anchor, 0)
        used[anchor] = count + 1
        anchors.append(f"{anchor}-{count}" if count else anchor)
    return anchors


class GuideContents(MarkdownTableOfContents):
    """The sections as a tree: the guide's title left out (every section is under it) and the
    headings as written, without Textual's Roman level numerals (the sections are numbered)."""

    def rebuild_table_of_contents(self, table_of_contents: TableOfContentsType) -> None:
        """Fill the tree: sections at the top, their subsections below them."""
        tree: Tree[dict[str, str]] = self.query_one(Tree)
        tree.clear()
        section = tree.root
        for level, name, block_id in table_of_contents:
            if level <= 1 or block_id is None:
                continue
            parent = tree.root if level == 2 or section is tree.root else section
            node = parent.add(Text(name), {"block_id": block_id}, expand=True, allow_expand=False)
            if level == 2:
                section = node
            else:
                parent.allow_expand = True


class GuideViewer(MarkdownViewer):
    """The guide with its table of contents; links to headings jump inside the document."""

    def __init__(self, markdown: str) -> None:
        # open_links=False: Textual would hand every link, "#anchor" too, to the web browser.
        super().__init__(markdown, show_table_of_contents=True, open_links=False, id="guide")
        self.jumped_from: list[float] = []

    def compose(self) -> ComposeResult:
        """The document and its table of contents, as in Textual's viewer but with ours."""
        markdown = Markdown(parser_factory=self._parser_factory, open_links=self._open_links)
        markdown.can_focus = True
        yield markdown
        yield GuideContents(markdown)

    def anchor_block_id(self, anchor: str) -> str | None:
        """The id of the heading block that ``anchor`` (without "#") names, or None."""
        wanted = unquote(anchor).strip().lower()
        contents = self.document.table_of_contents
        anchors = heading_anchors([title for _, title, _ in contents])
        for (_, _, block_id), candidate in zip(contents, anchors, strict=True):
            if candidate == wanted:
                return block_id
        return None

    def jump_to_anchor(self, anchor: str) -> bool:
        """Scroll the heading ``anchor`` names to the top, remembering where the reader was."""
        block_id = self.anchor_block_id(anchor)
        if block_id is None:
            return False
        self.jumped_from.append(self.scroll_y)
        self.scroll_to_widget(self.document.query_one(f"#{block_id}"), top=True, animate=False)
        return True

    def block_at_top(self) -> Widget | None:
        """The block (paragraph, table, heading …) at the top of the view."""
        offset = self.scroll_y - self.document.virtual_region.y
        return next((b for b in self.document.children if b.virtual_region.bottom > offset), None)

    def show_contents(self, show: bool) -> None:
        """Show or hide the table of contents, keeping the block at the top of the view there
        (the text reflows to the new width, so the same scroll offset would show other text)."""
        block = self.block_at_top()
        self.show_table_of_contents = show
        if block is not None:
            self.call_after_refresh(self.scroll_to_widget, block, top=True, animate=False)

    def jump_back(self) -> bool:
        """Return to where the reader was before the last link; False if there is none."""
        if not self.jumped_from:
            return False
        self.scroll_to(y=self.jumped_from.pop(), animate=False)
        return True

    async def on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        """Headings in the guide: jump there; web links: the browser; anything else: a note."""
        # The viewer's own handler would try to load "#anchor" as a file.
        message.prevent_default()
        message.stop()
        href = message.href.strip()
        if href.startswith("#"):
            if not self.jump_to_anchor(href[1:]):
                self.notify(
                    f"Den Abschnitt „{href}“ gibt es im Leitfaden nicht.",
                    title="Link",
                    severity="warning",
                    markup=False,
                )
            self.screen.refresh_bindings()
        elif href.startswith(("https://", "http://", "mailto:")):
            self.app.open_url(href)
        else:
            self.notify(
                f"„{href}“ ist kein Abschnitt des Leitfadens; der Leitfaden öffnet keine anderen Dateien.",
                title="Link",
                severity="warning",
                markup=False,
            )


class GuideScreen(Screen[None]):
    """The guide full-screen: header with the help line, viewer, key footer."""

    CSS_PATH = "guide.tcss"
    BINDINGS = [
        Binding(
            "t",
            "toggle_contents",
            "Inhalt",
            key_display="t",
            tooltip="Inhaltsverzeichnis aus- oder einblenden",
        ),
        Binding("backspace", "back", "Zurück", key_display="⌫", tooltip="zurück an die Stelle vor dem Link"),
        Binding("q,escape", "app.quit", "Beenden", show=False),
    ]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        yield Header()
        yield GuideViewer(self.markdown)
        yield GameFooter()

    def on_mount(self) -> None:
        """Title, help line, and the text focused so the arrows scroll it."""
        self.title = "Leitfaden"
        self.sub_title = HELP_LINE
        self.viewer.document.focus()

    @property
    def viewer(self) -> GuideViewer:
        """The guide's viewer."""
        return self.query_one(GuideViewer)

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        """Focus without scrolling to the document's top: the document is far taller than the
        screen, and "bringing it into view" would lose the reader's place on Tab or a click."""
        if isinstance(widget, Markdown):
            scroll_visible = False
        super().set_focus(widget, scroll_visible, from_app_focus)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """„Zurück“ only after a link was followed."""
        if action == "back":
            return bool(self.viewer.jumped_from)
        return True

    def action_toggle_contents(self) -> None:
        """Show or hide the table of contents; the focus goes where the reader now reads."""
        viewer = self.viewer
        viewer.show_contents(not viewer.show_table_of_contents)
        if viewer.show_table_of_contents:
            viewer.query_one(MarkdownTableOfContents).query_one(Tree).focus()
        else:
            viewer.document.focus()

    def action_back(self) -> None:
        """Back to where the reader was before following a link."""
        self.viewer.jump_back()
        self.refresh_bindings()


class GuideApp(ShellApp):
    """The trainers' guide as a small app of its own."""

    TITLE = "kundenspiel"

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def on_mount(self) -> None:
        """Open the guide."""
        self.push_screen(GuideScreen(self.markdown))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The game's help (F1) explains the game's keys, not the guide's: not offered here."""
        if action == "help":
            return False
        return super().check_action(action, parameters)

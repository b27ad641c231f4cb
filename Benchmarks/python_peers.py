#!/usr/bin/env python3
"""Python peers of sluice for scripts/bench: stdin → stdout filters around PyPI libraries.

    python python_peers.py ftfy     < in.txt > out.txt   # ftfy.fix_text on every line
    python python_peers.py c4       < in.txt > out.txt   # datatrove C4QualityFilter per document
    python python_peers.py justext  < in.txt > out.txt   # jusText per document, one <p> per line
    python python_peers.py check                          # exit 0 when all three import

Run with the interpreter of the venv that scripts/bench makes (.bench/venv/bin/python),
which has ftfy, datatrove (with regex and spacy, which its C4 sentence counting needs),
justext and lxml_html_clean installed.

Documents: the benchmark input separates documents with two or more blank lines (see
Benchmarks/webtext.py); the c4 and justext modes read one document at a time, as they
would in a crawl pipeline, and write the kept text of each, followed by a blank line.

- ftfy: `ftfy.fix_text(line)` per line, with its default configuration.
- c4: `datatrove.pipeline.filters.C4QualityFilter()` with its defaults (the C4 line rules:
  terminal punctuation, at least 3 words, no "javascript", no policy/cookie phrases; at least
  5 sentences per page, counted with datatrove's English sentence splitter), calling its
  `filter(Document)` directly, as the pipeline does; `doc.text` then holds the kept lines.
- justext: `justext.justext(html, justext.get_stoplist("English"))` on
  `<html><body><p>line</p>…</body></html>` (each line HTML-escaped), keeping the paragraphs
  jusText does not mark as boilerplate, as shared/eval/README.md describes.

Undecodable bytes are replaced (errors="replace"): the peers get text, as they would in use.
"""

import html
import sys


def documents(stream):
    """Yields the documents of a text stream: runs of lines separated by 2+ blank lines."""
    lines = []
    blanks = 0
    for line in stream:
        if line.strip("\r\n") == "":
            blanks += 1
            if blanks >= 2 and lines:
                yield "".join(lines)
                lines = []
            continue
        if lines and blanks:
            lines.append("\n" * blanks)
        blanks = 0
        lines.append(line)
    if lines:
        yield "".join(lines)


def run_ftfy(inp, out):
    from ftfy import fix_text

    for line in inp:
        out.write(fix_text(line))


def run_c4(inp, out):
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    f = C4QualityFilter()
    for i, text in enumerate(documents(inp)):
        doc = Document(text=text, id=str(i))
        if f.filter(doc) is True:
            out.write(doc.text)
            out.write("\n\n")


def run_justext(inp, out):
    import justext

    stoplist = justext.get_stoplist("English")
    for text in documents(inp):
        body = "".join("<p>" + html.escape(l) + "</p>" for l in text.splitlines() if l.strip())
        if not body:
            continue
        for p in justext.justext("<html><body>" + body + "</body></html>", stoplist):
            if not p.is_boilerplate:
                out.write(p.text)
                out.write("\n")
        out.write("\n")


def check():
    import datatrove.pipeline.filters  # noqa: F401
    import ftfy  # noqa: F401
    import justext  # noqa: F401
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    # The sentence splitter loads lazily: make sure it works here, offline.
    C4QualityFilter().filter(Document(text="One line here. Two lines here.\nThree more words here.", id="0"))


def main():
    modes = {"ftfy": run_ftfy, "c4": run_c4, "justext": run_justext}
    if len(sys.argv) != 2 or sys.argv[1] not in list(modes) + ["check"]:
        sys.exit(__doc__)
    if sys.argv[1] == "check":
        check()
        return
    inp = open(sys.stdin.fileno(), "r", encoding="utf-8", errors="replace", newline="", buffering=1 << 20)
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", errors="surrogateescape", newline="", buffering=1 << 20)
    try:
        modes[sys.argv[1]](inp, out)
        out.flush()
    except BrokenPipeError:
        pass


if __name__ == "__main__":
    main()

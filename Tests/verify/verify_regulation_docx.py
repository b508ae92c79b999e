#!/usr/bin/env python3
"""Reads generated sample-regulation .docx files with python-docx, as a Word user's tool
would, and checks what `make verify-regulation` promises: Heading 1–3 with outline levels,
Japanese East Asian language and font, A4 page, annotation paragraphs in their own style,
industry-only headings present once each; Word comments referenced both ways (comments.xml,
commentRangeStart/End, commentReference), tracked insertions with id, author and date, every
annotation id unique. Usage: verify_regulation_docx.py FILE.docx..."""
import re
import sys
import zipfile

import docx
from docx.oxml.ns import qn


def check(path):
    problems = []
    d = docx.Document(path)
    styles = {s.style_id: s for s in d.styles}
    for level in (1, 2, 3):
        style = styles.get(f"Heading{level}")
        lvl = style.element.find(qn("w:pPr")).find(qn("w:outlineLvl")) if style is not None else None
        if lvl is None or lvl.get(qn("w:val")) != str(level - 1):
            problems.append(f"Heading{level} has no outline level {level - 1}")
    defaults = d.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if rpr.find(qn("w:lang")).get(qn("w:eastAsia")) != "ja-JP":
        problems.append("docDefaults language is not ja-JP")
    if not rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")):
        problems.append("docDefaults has no East Asian font")
    section = d.sections[0]
    if (section.page_width, section.page_height) != (11906 * 635, 16838 * 635):
        problems.append(f"page is not A4: {section.page_width} x {section.page_height}")
    paragraphs = d.paragraphs
    headings = [p for p in paragraphs if p.style.style_id.startswith("Heading")]
    if not headings:
        problems.append("no headings")
    industry = [p.text for p in headings if p.text.startswith("【業界独自の項目】")]
    if len(industry) != len(set(industry)):
        problems.append("an industry-only item appears twice")
    annotations = [p for p in paragraphs if p.style.style_id == "Annotation"]
    for i, p in enumerate(paragraphs):
        if p.style.style_id == "Annotation" and p.text.startswith("業界ガイドラインの対応項目"):
            before = [q for q in paragraphs[:i] if q.style.style_id.startswith("Heading") or q.style.style_id == "Annotation"]
            if not before or not before[-1].style.style_id.startswith("Heading"):
                problems.append(f"annotation block not under a heading at paragraph {i}")
    comments, insertions = check_revisions(path, problems)
    print(f"{path}: {len(headings)} headings, {len(annotations)} annotation paragraphs, "
          f"{len(industry)} industry-only items, {comments} comments, {insertions} insertions"
          + ("" if not problems else "; PROBLEMS: " + "; ".join(problems)))
    return not problems


def check_revisions(path, problems):
    """Comments and tracked insertions as Word needs them; returns their counts."""
    z = zipfile.ZipFile(path)
    names = z.namelist()
    body = z.read("word/document.xml").decode()
    types = z.read("[Content_Types].xml").decode()
    rels = z.read("word/_rels/document.xml.rels").decode()
    comment_ids = []
    if "word/comments.xml" in names:
        comments = z.read("word/comments.xml").decode()
        comment_ids = re.findall(r'<w:comment w:id="(\d+)" w:author="[^"]+" w:date="[^"]+"', comments)
        if len(comment_ids) != comments.count("<w:comment "):
            problems.append("a comment without id, author or date")
        if 'PartName="/word/comments.xml"' not in types or 'relationships/comments"' not in rels:
            problems.append("comments part not declared (content type or relationship)")
    for element in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        found = re.findall(rf'<w:{element} w:id="(\d+)"/>', body)
        if sorted(found) != sorted(comment_ids):
            problems.append(f"{element} ids {sorted(found)} differ from the comments {sorted(comment_ids)}")
    insertions = re.findall(r'<w:ins w:id="(\d+)" w:author="[^"]+" w:date="[^"]+"', body)
    if len(insertions) != body.count("<w:ins "):
        problems.append("an insertion without id, author or date")
    if len(set(insertions + comment_ids)) != len(insertions) + len(comment_ids):
        problems.append("annotation ids are not unique")
    settings = z.read("word/settings.xml").decode()
    if "updateFields" in settings and "instrText" not in body:
        problems.append("Word would prompt to update fields, but there is no field")
    return len(comment_ids), len(insertions)


if __name__ == "__main__":
    ok = all([check(path) for path in sys.argv[1:]])
    sys.exit(0 if ok else 1)

#!/usr/bin/env python3
"""Deterministic synthetic workspace for timing `totsugo regulation` (issue 19).

usage: generate_regulation.py DIR PROVISIONS

writes

  DIR/Catalogs/bench-base.txt       a base catalog shaped like a sample regulation: chapters
                                    (第N章) of sections, each section carrying its provisions
                                    (body paragraphs, bullet and numbered list items, now and
                                    then a table, ○○ / ○月 / ＿＿ placeholders), PROVISIONS
                                    provisions in total (a table counts as one), in the
                                    structured-text format (docs/catalog-text.md "Provisions")
  DIR/Catalogs/bench-industry.txt   an industry catalog of about PROVISIONS/10 items
                                    (chapters of 1 + 19 items, levels LV1-LV3)
  DIR/Mappings/bench-regulation.yaml
                                    the industry catalog mapped onto the base: about 80 % of the
                                    items linked (1-3 links each, some with a 反映案 and a
                                    placement or a note), 8 % industry-only with a 反映案 (most
                                    placed in a section of the base, some without a placement:
                                    the appendix), the rest unreviewed
  DIR/regulation.args               the arguments of `totsugo regulation` after
                                    `--catalogs DIR/Catalogs --mappings DIR/Mappings`, one a line

All text is synthetic (built from generic phrases below), never a guideline's own wording.
The same arguments always give byte-identical files. Written in Python for the reasons given
in generate.py.
"""
import os
import random
import sys

SEED = 20261130
PROVISIONS_PER_SECTION = 10   # on average (6-14)
SECTIONS_PER_CHAPTER = 20     # on average (12-28)
PER_CHAPTER = 20              # industry: one chapter item + 19 children

SUBJECTS = ["情報資産", "機密情報", "個人情報", "業務データ", "設計図面", "工程表", "取引先の情報", "クラウドサービス",
            "パソコン", "スマートフォン", "記録媒体", "電子メール", "ウェブサイト", "無線LAN", "サーバー", "バックアップ",
            "アクセス権限", "パスワード", "委託先", "従業員", "入退室", "ログ", "ソフトウェア", "ネットワーク機器"]
VERBS = ["を特定し台帳で管理する", "の取扱いに関する手順を定める", "へのアクセスを必要最小限に制限する",
         "を定期的に見直す", "を暗号化して保護する", "の持ち出しを承認制とする", "を廃棄する際は復元できないよう消去する",
         "の利用状況を記録し確認する", "について教育を実施する", "の脆弱性を速やかに修正する",
         "の異常を検知した場合は責任者に報告する", "の利用者を識別し認証する"]
ACTORS = ["当社は", "情報セキュリティ責任者は", "各部門の長は", "従業員は", "システム管理者は", "○○部長は",
          "委託先との契約において", "事故が発生した場合には"]
EXTRA = ["詳細は別に定める。", "実施した結果は記録し、○○部長に報告する。", "毎年○月に見直す。",
         "承認者の氏名を＿＿＿＿に記入する。", "必要に応じて外部の専門家の助言を得る。"]
CHAPTERS = ["総則", "組織と体制", "人的対策", "物理的対策", "技術的対策", "委託先管理", "事故対応", "情報資産管理",
            "教育と周知", "点検と見直し"]
ROLES = ["情報セキュリティ責任者", "システム管理者", "各部門の長", "教育担当者", "○○担当者", "委託先管理者"]
BULLETS = ["●", "・"]
NUMBERS = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]
RELATIONSHIPS = ["equal", "subset-of", "superset-of", "intersects-with", "equivalent-to"]


def sentence(rng):
    return rng.choice(ACTORS) + "、" + rng.choice(SUBJECTS) + rng.choice(VERBS) + "。" + \
        (rng.choice(EXTRA) if rng.random() < 0.3 else "")


def yaml_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def provisions(rng, count):
    """`count` provision lines (a table of 2-5 rows counts as one provision)."""
    lines = []
    made = 0
    while made < count:
        roll = rng.random()
        if roll < 0.45 or made == 0:
            lines.append(sentence(rng))
            made += 1
        elif roll < 0.70:
            run = min(rng.randint(2, 4), count - made)
            mark = rng.choice(BULLETS)
            for _ in range(run):
                depth = "  " if rng.random() < 0.2 and lines and lines[-1].lstrip().startswith("-") else ""
                lines.append(f"{depth}- {mark} {rng.choice(SUBJECTS)}{rng.choice(VERBS)}こと。")
            made += run
        elif roll < 0.93:
            run = min(rng.randint(2, 5), count - made)
            for k in range(run):
                lines.append(f"+ {NUMBERS[k]} {rng.choice(ACTORS)}{rng.choice(SUBJECTS)}{rng.choice(VERBS)}。")
            made += run
        else:
            if lines and lines[-1].startswith("|"):
                lines.append(sentence(rng))
                made += 1
                continue
            lines.append("| 役職名 | 役割と責任 |")
            lines.append("|---|---|")
            for _ in range(rng.randint(2, 5)):
                lines.append(f"| {rng.choice(ROLES)} | {rng.choice(SUBJECTS)}{rng.choice(VERBS)}\\n毎年○月に報告する |")
            lines.append("")
            made += 1
    return lines


class Base:
    """Chapters `k.` with sections `m.`; ids `k` and `k/m`. Provisions only on sections."""

    def __init__(self, rng, total):
        self.chapters = []  # (number, heading, summary, [(number, heading, summary, [lines])])
        made = 0
        k = 0
        while made < total:
            k += 1
            sections = []
            for m in range(1, rng.randint(SECTIONS_PER_CHAPTER - 8, SECTIONS_PER_CHAPTER + 8) + 1):
                if made >= total:
                    break
                count = min(rng.randint(PROVISIONS_PER_SECTION - 4, PROVISIONS_PER_SECTION + 4), total - made)
                heading = rng.choice(SUBJECTS) + "の管理"
                sections.append((f"{m}.", heading, f"{heading}について定める。", provisions(rng, count)))
                made += count
            self.chapters.append((f"{k}.", f"{CHAPTERS[k % len(CHAPTERS)]}（その{k}）", "この章の概要。", sections))

    def sections(self):
        return [f"{number.rstrip('.')}/{section[0].rstrip('.')}"
                for number, _, _, sections in self.chapters for section in sections]

    def write(self, path):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            w = f.write
            w("---\nid: bench-base\ntitle: ベンチマーク用サンプル規程（合成データ）\nshort-title: 規程\n"
              "publisher: totsugo benchmark\nversion: 第1版\ndate: 2026\nlevels: 章 / 節\n"
              "completeness: synthetic benchmark data\n---\n\n")
            for number, heading, summary, sections in self.chapters:
                w(f"# {number} | {heading}\n{summary}\n\n")
                for sn, sh, ss, lines in sections:
                    w(f"## {sn} | {sh}\n{ss}\n@provisions:\n")
                    w("\n".join(lines).rstrip("\n") + "\n\n")


class Industry:
    """Chapters `k.` with children `k.m`; ids `k` and `k/k.m` (as in generate.py)."""

    def __init__(self, rng, count):
        self.chapters = []
        made = 0
        k = 0
        while made < count:
            k += 1
            chapter = (f"{k}.", f"{CHAPTERS[k % len(CHAPTERS)]}（業界その{k}）", [])
            made += 1
            m = 0
            while m < PER_CHAPTER - 1 and made < count:
                m += 1
                heading = rng.choice(SUBJECTS) + rng.choice(VERBS)[:rng.randint(6, 14)]
                level = rng.choice(["LV1", "LV1", "LV2", "LV3"])
                chapter[2].append((f"{k}.{m}", heading, sentence(rng), level))
                made += 1
            self.chapters.append(chapter)

    def leaves(self):
        for number, _, children in self.chapters:
            for child in children:
                yield f"{number.rstrip('.')}/{child[0]}"

    def write(self, path):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            w = f.write
            w("---\nid: bench-industry\ntitle: 業界ガイドライン（ベンチマーク）\nshort-title: 業界\n"
              "publisher: totsugo benchmark\nversion: 1.0版\ndate: 2026-01\nlevels: 章 / 項目\n"
              "completeness: synthetic benchmark data\n---\n\n")
            for number, heading, children in self.chapters:
                w(f"# {number} | {heading}\n\n")
                for cn, ch, ct, level in children:
                    w(f"## {cn} | {ch}\n@level: {level}\n{ct}\n\n")


def write_mapping(rng, path, industry, base):
    sections = base.sections()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        w = f.write
        w("mapping:\n  id: bench-regulation\n  title: ベンチマーク用の業界ガイドライン × サンプル規程\n"
          "  source: bench-industry\n  targets: [bench-base]\n  status: draft\nentries:\n")
        for item in industry.leaves():
            roll = rng.random()
            if roll < 0.12:
                continue  # not reviewed yet
            proposal = f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}旨を○○に追記する。"
            if roll < 0.20:  # industry-only
                w(f"  - item: {yaml_quote(item)}\n    targets: []\n    proposal: {yaml_quote(proposal)}\n")
                if rng.random() < 0.8:
                    w(f"    placement: bench-base:{rng.choice(sections)}\n")
                continue
            w(f"  - item: {yaml_quote(item)}\n    targets:\n")
            for section in sorted(rng.sample(sections, rng.choice([1, 1, 2, 3]))):
                w(f"      - ref: bench-base:{section}\n        relationship: {rng.choice(RELATIONSHIPS)}\n")
            if rng.random() < 0.4:
                w(f"    proposal: {yaml_quote(proposal)}\n")
                if rng.random() < 0.3:
                    w(f"    placement: bench-base:{rng.choice(sections)}\n")
                if rng.random() < 0.2:
                    w("    note: 反映の要否は○月の委員会で確認する。\n")


def generate(out, provisions_total):
    rng = random.Random(SEED + provisions_total)
    base = Base(rng, provisions_total)
    industry = Industry(rng, max(provisions_total // 10, 40))
    os.makedirs(os.path.join(out, "Catalogs"), exist_ok=True)
    os.makedirs(os.path.join(out, "Mappings"), exist_ok=True)
    base.write(os.path.join(out, "Catalogs", "bench-base.txt"))
    industry.write(os.path.join(out, "Catalogs", "bench-industry.txt"))
    write_mapping(rng, os.path.join(out, "Mappings", "bench-regulation.yaml"), industry, base)
    with open(os.path.join(out, "regulation.args"), "w", encoding="utf-8", newline="\n") as f:
        f.write("--base\nbench-base\n")
    return base


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    base = generate(sys.argv[1], int(sys.argv[2]))
    sections = sum(len(c[3]) for c in base.chapters)
    print(f"generated {sys.argv[2]} provisions ({len(base.chapters)} chapters, {sections} sections) under {sys.argv[1]}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Deterministic synthetic workspaces for `make bench` (issue 7).

For each size N it writes, under OUT/<N>/:

  xml/Catalogs/industry.xml, target-a.xml, target-b.xml   catalogs as XML (catalog.xsd)
  txt/Catalogs/industry.txt, target-a.txt, target-b.txt   the same catalogs as structured text
  xml/Mappings/bench.yaml, txt/Mappings/bench.yaml        one mapping (identical in both)

The source catalog has N items (chapters of 1 + 19 items, levels 章 / 項目); each target
catalog has N/10 items (at least 40). About 90 % of the source leaves have a mapping entry
(the rest stay 未突合), 5 % of those are reviewed with no counterpart, the others carry
1-5 links (3 on average) into the two targets. Text is Japanese of realistic length built
from guideline phrases. The same seed always gives byte-identical files.

Written in Python (not as a Swift target) so generating never competes with the Swift
builds of the other engineers on the two cores, and because the generator is not what is
being measured.

usage: generate.py OUT [N ...]          (default sizes: 1000 10000 100000 1000000)
"""
import os
import random
import sys

SEED = 20260107
PER_CHAPTER = 20  # one chapter item + 19 children

SUBJECTS = ["情報資産", "機密情報", "個人情報", "業務データ", "図面", "工程表", "取引先の情報", "クラウドサービス",
            "パソコン", "スマートフォン", "USBメモリ", "電子メール", "ウェブサイト", "無線LAN", "サーバー", "バックアップ",
            "アクセス権限", "パスワード", "委託先", "従業員", "入退室", "ログ", "ソフトウェア", "ネットワーク機器"]
VERBS = ["を特定し台帳で管理する", "の取扱いに関する規程を定める", "へのアクセスを必要最小限に制限する",
         "を定期的に見直す", "を暗号化して保護する", "の持ち出しを承認制とする", "を廃棄する際は復元できないよう消去する",
         "の利用状況を記録し確認する", "について教育を実施する", "の脆弱性を速やかに修正する",
         "の異常を検知した場合は責任者に報告する", "の利用者を識別し認証する"]
QUALIFIERS = ["経営者は", "情報セキュリティ責任者は", "各部門は", "従業員は", "委託先との契約において",
              "事故が発生した場合に備えて", "テレワークの際には", "年に一度以上"]
EXTRA = ["なお、対象範囲は自社の業務に応じて定める。", "実施状況は記録し、次回の見直しに活用する。",
         "必要に応じて外部の専門家の助言を得る。", "手順は文書化し、関係者に周知する。",
         "違反があった場合の対応もあわせて定める。"]
CHAPTERS = ["組織的対策", "人的対策", "物理的対策", "技術的対策", "委託先管理", "事故対応", "情報資産管理", "教育と周知"]
RELATIONSHIPS = ["equal", "subset-of", "superset-of", "intersects-with", "equivalent-to"]
RATIONALES = ["syntactic", "semantic", "functional"]


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def yaml_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Catalog:
    """A two-level catalog: chapters `k.` with children `k.m`; ids `k` and `k/k.m`."""

    def __init__(self, rng, cid, title, short, count):
        self.id, self.title, self.short = cid, title, short
        self.chapters = []  # (number, heading, text, [(number, heading, text, level, tags)])
        made = 0
        k = 0
        while made < count:
            k += 1
            chapter = (f"{k}.", f"{CHAPTERS[k % len(CHAPTERS)]}（その{k}）", self.text(rng, 1), [])
            made += 1
            m = 0
            while m < PER_CHAPTER - 1 and made < count:
                m += 1
                subject = rng.choice(SUBJECTS)
                heading = subject + rng.choice(VERBS)[:rng.randint(6, 14)]
                level = rng.choice(["LV1", "LV1", "LV2", "LV3", "LV1 LV2"])
                tags = rng.choice(["management", "technical", "technical minimum", "management minimum"])
                chapter[3].append((f"{k}.{m}", heading, self.text(rng, rng.randint(1, 3)), level, tags))
                made += 1
            self.chapters.append(chapter)

    @staticmethod
    def text(rng, sentences):
        return "".join(rng.choice(QUALIFIERS) + rng.choice(SUBJECTS) + rng.choice(VERBS) + "。" +
                       (rng.choice(EXTRA) if rng.random() < 0.4 else "") for _ in range(sentences))

    def leaves(self):
        for number, _, _, children in self.chapters:
            k = number.rstrip(".")
            for child in children:
                yield f"{k}/{child[0]}"

    def write_xml(self, path):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            w = f.write
            w('<?xml version="1.0" encoding="UTF-8"?>\n')
            w(f'<catalog xmlns="urn:totsugo:catalog:1" id="{self.id}">\n')
            w(f"  <title>{xml_escape(self.title)}</title>\n  <short-title>{xml_escape(self.short)}</short-title>\n")
            w("  <publisher>totsugo benchmark</publisher>\n  <version>1.0</version>\n")
            w("  <levels>\n    <level>章</level>\n    <level>項目</level>\n  </levels>\n")
            w("  <completeness>synthetic benchmark data</completeness>\n")
            for number, heading, text, children in self.chapters:
                w(f'  <item number="{number}">\n    <heading>{xml_escape(heading)}</heading>\n')
                w(f"    <text>{xml_escape(text)}</text>\n")
                for cn, ch, ct, level, tags in children:
                    w(f'    <item number="{cn}" level="{level}" tags="{tags}">\n'
                      f"      <heading>{xml_escape(ch)}</heading>\n      <text>{xml_escape(ct)}</text>\n    </item>\n")
                w("  </item>\n")
            w("</catalog>\n")

    def write_text(self, path):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            w = f.write
            w(f"---\nid: {self.id}\ntitle: {self.title}\nshort-title: {self.short}\npublisher: totsugo benchmark\n")
            w("version: 1.0\nlevels: 章 / 項目\ncompleteness: synthetic benchmark data\n---\n\n")
            for number, heading, text, children in self.chapters:
                w(f"# {number} | {heading}\n{text}\n\n")
                for cn, ch, ct, level, tags in children:
                    w(f"## {cn} | {ch}\n@level: {level}\n@tags: {tags}\n{ct}\n\n")


def write_mapping(rng, path, source, targets):
    target_leaves = [(t.id, list(t.leaves())) for t in targets]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        w = f.write
        w("mapping:\n  id: bench\n  title: ベンチマーク用の突合\n  source: industry\n")
        w(f"  targets: [{', '.join(t.id for t in targets)}]\n  status: draft\nentries:\n")
        for item in source.leaves():
            roll = rng.random()
            if roll < 0.10:
                continue  # not reviewed yet
            if roll < 0.145:
                w(f"  - item: {yaml_quote(item)}\n    targets: []\n    note: 該当なし\n")
                continue
            w(f"  - item: {yaml_quote(item)}\n    targets:\n")
            seen = set()
            for _ in range(rng.choice([1, 2, 3, 3, 4, 5])):
                cid, leaves = rng.choice(target_leaves)
                ref = f"{cid}:{rng.choice(leaves)}"
                relationship = rng.choice(RELATIONSHIPS)
                extra = rng.random() < 0.5 and (rng.choice(RATIONALES), rng.randint(1, 10))
                # One link per target (a second is an error); the draws are made all the same,
                # so the rest of the workspace is what it was before this rule.
                if ref in seen:
                    continue
                seen.add(ref)
                w(f"      - ref: {ref}\n        relationship: {relationship}\n")
                if extra:
                    w(f"        rationale: {extra[0]}\n        strength: {extra[1]}\n")
            if rng.random() < 0.6:
                w(f"    proposal: {yaml_quote(Catalog.text(rng, 1))}\n")


# Written beside each workspace; bench.py makes the workspace again when it differs. 2: one link
# per target in an entry (a repeat is an error since then).
VERSION = "2"


def is_current(out, n):
    try:
        return open(os.path.join(out, str(n), "generator-version"), encoding="utf-8").read().strip() == VERSION
    except OSError:
        return False


def generate(out, n):
    rng = random.Random(SEED + n)
    source = Catalog(rng, "industry", "業界セキュリティガイドライン（ベンチマーク）", "業界", n)
    small = max(n // 10, 40)
    targets = [Catalog(rng, "target-a", "対象ガイドラインA（ベンチマーク）", "付録A", small),
               Catalog(rng, "target-b", "対象ガイドラインB（ベンチマーク）", "付録B", small)]
    for kind in ("xml", "txt"):
        os.makedirs(os.path.join(out, str(n), kind, "Catalogs"), exist_ok=True)
        os.makedirs(os.path.join(out, str(n), kind, "Mappings"), exist_ok=True)
    for catalog in [source] + targets:
        catalog.write_xml(os.path.join(out, str(n), "xml", "Catalogs", catalog.id + ".xml"))
        catalog.write_text(os.path.join(out, str(n), "txt", "Catalogs", catalog.id + ".txt"))
    mapping = os.path.join(out, str(n), "xml", "Mappings", "bench.yaml")
    write_mapping(rng, mapping, source, targets)
    with open(mapping, "rb") as src, open(os.path.join(out, str(n), "txt", "Mappings", "bench.yaml"), "wb") as dst:
        dst.write(src.read())
    with open(os.path.join(out, str(n), "generator-version"), "w", encoding="utf-8") as f:
        f.write(VERSION + "\n")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sizes = [int(s) for s in sys.argv[2:]] or [1000, 10000, 100000, 1000000]
    for n in sizes:
        generate(sys.argv[1], n)
        print(f"generated {n} items under {os.path.join(sys.argv[1], str(n))}")


if __name__ == "__main__":
    main()

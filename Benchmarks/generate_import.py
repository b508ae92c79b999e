#!/usr/bin/env python3
"""Deterministic check-sheet tables for the import part of `make bench` (issue 15).

    generate_import.py OUT N

writes, under OUT/import-<N>/:

  checksheet.xlsx          one sheet チェックシート written by openpyxl in write-only mode
                           (inline strings, as openpyxl writes them): a header row
                           No. | 大項目 | 中項目 | 要求事項 | 説明 | レベル, then N rows
  checksheet.csv           the same rows as Japanese Excel saves "CSV": CP932, CRLF
  checksheet.recipe.yaml   the recipe `totsugo import catalog` reads both with
  csv.recipe.yaml          the same for the CSV (encoding: cp932)

大項目 (10) and 中項目 (10 per 大項目) change every N/100 rows; 要求事項 is 15–40 characters, 説明
40–170 (one in eight on two lines), レベル LV1–LV3; of 100k rows, about 1.1k 要求事項 and 16k 説明
are distinct (a shared-string table of some 17k strings once LibreOffice saves it).
Every sentence is made of phrases written for this benchmark (no guideline text). The same N always gives byte-identical CSV and the same
cell values in the workbook.
"""
import csv
import os
import random
import sys

SEED = 20261130

MAJORS = ["組織の取り組み", "人の管理", "物理的な対策", "端末の管理", "ネットワークの管理", "アクセスの管理",
          "開発と変更", "取引先の管理", "事故への備え", "点検と改善"]
MINORS = ["方針", "体制", "規程", "教育", "台帳", "持ち出し", "更新", "記録", "見直し", "報告"]
SUBJECTS = ["設計図面", "顧客の連絡先", "生産計画", "社内のパソコン", "共有フォルダ", "持ち出し用の記憶媒体",
            "来客の入館記録", "取引先から預かった資料", "業務用のスマートフォン", "無線LANの設定",
            "バックアップのデータ", "管理者のパスワード", "製造設備の制御端末", "電子メールの添付ファイル"]
ACTIONS = ["一覧にして持ち主を決めている", "置き場所と使える人を決めている", "年に一度は見直している",
           "使い終えたら中身を消してから処分している", "変えたときに記録を残している",
           "社外に出すときは責任者の承認を得ている", "鍵のかかる場所に保管している",
           "決められた人だけが変更できるようにしている"]
DETAILS = ["担当者が替わっても分かるように、手順を文書にして共有フォルダに置く。",
           "確認した日付と確認した人の名前を台帳に書き残し、次の点検で前回との違いを見る。",
           "例外を認めるときは理由と期限を決め、期限が来たら元に戻したかを確かめる。",
           "新しく入った人には初日に説明し、理解したことを署名で確かめる。",
           "外部の業者に任せる場合も、同じ決まりを守るよう契約に書き込む。",
           "問題が見つかったときの連絡先を掲示し、夜間や休日にもつながるようにしておく。",
           "古くなった機器は一覧から外す前に、データが残っていないことを二人で確かめる。",
           "点検の結果は経営者に報告し、直すべき点には担当と期日を決める。"]
QUALIFIERS = ["", "部署ごとに", "月に一度、", "新しく入れる前に", "外部に出す前に", "担当者が替わるときに", "毎年度の初めに",
              "事故の後に", "取引を始める前に", "契約を更新するときに"]
LEVELS = ["LV1", "LV2", "LV3"]
HEADER = ["No.", "大項目", "中項目", "要求事項", "説明", "レベル"]

RECIPE = """# The recipe `make bench` imports checksheet.{ext} with.
id: bench-checksheet
title: ベンチマーク用チェックシート（架空）
short-title: ベンチCS
publisher: ベンチマーク工業会（架空）
version: 1.0
hierarchy-names: 大項目 / 中項目 / 要求事項
completeness: ベンチマーク用に生成した架空のチェックシート。
{extra}id-column: No.
title-column: 要求事項
text-column: 説明
level-column: レベル
hierarchy-columns: [大項目, 中項目]
headings: from-columns
"""


def rows(n):
    rng = random.Random(SEED)
    block = max(n // 100, 1)
    for i in range(n):
        group = min(i // block, 99)
        major, minor = group // 10, group % 10
        subject = rng.choice(SUBJECTS)
        title = f"{rng.choice(QUALIFIERS)}{subject}は、{rng.choice(ACTIONS)}"
        text = f"{subject}について、" + "".join(rng.choice(DETAILS) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.125:
            text += "\n" + rng.choice(DETAILS)
        yield [i + 1, f"{major + 1} {MAJORS[major]}", f"{major + 1}.{minor + 1} {MINORS[minor]}",
               title, text, rng.choice(LEVELS)]


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    folder = os.path.join(out, f"import-{n}")
    os.makedirs(folder, exist_ok=True)
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet("チェックシート")
    sheet.append(HEADER)
    for row in rows(n):
        sheet.append(row)
    book.save(os.path.join(folder, "checksheet.xlsx"))
    with open(os.path.join(folder, "checksheet.csv"), "w", encoding="cp932", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows(n))
    with open(os.path.join(folder, "checksheet.recipe.yaml"), "w", encoding="utf-8") as f:
        f.write(RECIPE.format(ext="xlsx", extra="sheet: チェックシート\n"))
    with open(os.path.join(folder, "csv.recipe.yaml"), "w", encoding="utf-8") as f:
        f.write(RECIPE.format(ext="csv", extra="encoding: cp932\n"))


if __name__ == "__main__":
    main()

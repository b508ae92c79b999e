from openpyxl import Workbook
from openpyxl.styles import Alignment
wb = Workbook()
ws = wb.active
ws.title = "点検表"
rows = [
    ["番号", "項目", "確認内容", "備考"],
    ["1-1", "鍵の管理", "合鍵は①の金庫にしまう", "髙田さんが担当"],
    ["1-2", "入退室", "受付で名前を書く\n退室の時刻も書く", "9:00～17:30"],
    ["2-1", "来客", "名札を渡す, 帰りに回収する", "札に\"来客\"と書く"],
    ["2-2", "", "机の上に書類を残さない", "㈱の封筒は別の箱"],
    [3, "廃棄", "紙は細断してから捨てる", None],
]
for r in rows:
    ws.append(r)
for row in ws.iter_rows():
    for c in row:
        c.alignment = Alignment(wrap_text=True)
wb.save("checksheet.xlsx")

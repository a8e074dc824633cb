"""Writes the encoding fixtures of test/fixtures/feeds/ (enc-*), whose bytes cannot be typed.

Run: /usr/bin/python3 test/parse/make-encoded-fixtures.py   (the files are committed; rerun only to change them)
"""
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "feeds")


def rss(title, items, decl=None, lang=None):
    prolog = f'<?xml version="1.0" encoding="{decl}"?>\n' if decl else '<?xml version="1.0"?>\n'
    language = f"<language>{lang}</language>" if lang else ""
    body = "".join(
        f"<item><title>{t}</title><link>https://enc.example/{i}</link><description>{d}</description>"
        f"<guid isPermaLink=\"false\">enc-{i}</guid></item>\n"
        for i, (t, d) in enumerate(items)
    )
    return (f'{prolog}<rss version="2.0"><channel><title>{title}</title><link>https://enc.example/</link>'
            f"<description>encodings</description>{language}\n{body}</channel></rss>\n")


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as handle:
        handle.write(data)


FRENCH = [("Élections régionales : le débat à Besançon", "Les candidats se sont affrontés à propos du budget, de l'école et des hôpitaux."),
          ("Fête de la musique à Orléans", "Garçons et filles ont chanté jusqu'à l'aube près de la cathédrale.")]
RUSSIAN = [("Новости экономики: рост цен на энергию", "Правительство обсудило меры поддержки для семей и малого бизнеса."),
           ("Погода в Москве на выходные", "Синоптики обещают тёплую погоду и небольшой дождь в воскресенье.")]
CHINESE_S = [("上海举行国际经济论坛", "来自世界各地的代表讨论了贸易和能源问题。"),
             ("北京天气预报：明天有雨", "气象部门提醒市民出门带伞，注意交通安全。")]
CHINESE_T = [("臺北舉行國際經濟論壇", "來自世界各地的代表討論了貿易與能源問題。"),
             ("香港天氣預報：明天有雨", "氣象部門提醒市民出門帶傘，注意交通安全。")]
KOREAN = [("서울에서 국제 경제 포럼 개최", "세계 각국의 대표들이 무역과 에너지 문제를 논의했습니다."),
          ("내일 서울 날씨: 비 소식", "기상청은 시민들에게 우산을 준비하라고 당부했습니다.")]

write("enc-latin1-undeclared.xml", rss("Journal de Besançon", FRENCH).encode("latin-1"))
write("enc-windows-1251-declared.xml", rss("Вести", RUSSIAN, decl="windows-1251", lang="ru").encode("cp1251"))
write("enc-windows-1251-undeclared.xml", rss("Вести дня", RUSSIAN).encode("cp1251"))
write("enc-koi8r-declared.xml", rss("Вести KOI8", RUSSIAN, decl="KOI8-R", lang="ru").encode("koi8_r"))
write("enc-gb2312-undeclared.xml", rss("新闻中心", CHINESE_S).encode("gb2312"))
write("enc-big5-undeclared.xml", rss("新聞中心", CHINESE_T).encode("big5"))
write("enc-euc-kr-undeclared.xml", rss("뉴스 센터", KOREAN).encode("euc-kr"))
write("enc-big5-declared.xml", rss("新聞頻道", CHINESE_T, decl="Big5", lang="zh-tw").encode("big5"))
write("enc-shift-jis-declared.xml", rss("ニュース", [("東京で国際会議が開かれた", "各国の代表が貿易について話し合った。")], decl="Shift_JIS", lang="ja").encode("shift_jis"))
write("enc-utf16le-bom.xml", b"\xff\xfe" + rss("Journal UTF-16", FRENCH, decl="utf-16").encode("utf-16-le"))
write("enc-utf16be-nobom.xml", rss("Journal UTF-16BE", FRENCH, decl="UTF-16BE").encode("utf-16-be"))
write("enc-utf32le-bom.xml", b"\xff\xfe\x00\x00" + rss("Journal UTF-32", FRENCH, decl="utf-32").encode("utf-32-le"))
write("enc-utf8-bom-declared-latin1.xml", b"\xef\xbb\xbf" + rss("BOM beats the prolog: Zürich", FRENCH, decl="ISO-8859-1").encode("utf-8"))
# Windows-1252 smart quotes and dashes in a feed that says ISO-8859-1 (where 0x80-0x9F are controls).
SMART = [("\u201cQuoted\u201d headline \u2014 with a dash", "It\u2019s 5\u20ac, isn\u2019t it\u2026"),
         ("Caf\u00e9 \u2018single\u2019 quotes", "Tr\u00e8s \u2022 bien")]
write("enc-1252-smart-quotes-declared-latin1.xml", rss("Smart \u201cquotes\u201d", SMART, decl="ISO-8859-1").encode("cp1252"))
# A UTF-8 © in a feed declared ISO-8859-1: the declaration lies.
write("enc-lying-latin1-is-utf8.xml", rss("Copyright © Nordlys", [("Ærlig talt: © og ™ i overskriften", "Blåbær og rødgrød.")], decl="ISO-8859-1").encode("utf-8"))
# Latin-1 bytes in a feed declared UTF-8.
write("enc-lying-utf8-is-latin1.xml", rss("Déclaré UTF-8", FRENCH, decl="UTF-8").encode("latin-1"))
write("enc-ascii-numeric-refs.xml", rss("Numeric &#233;ntities &#x263A;", [("Caf&#233; &#8212; &#x1F600; emoji", "&#169; 2024")], decl="US-ASCII").encode("ascii"))
# A UTF-8 BOM over UTF-8 text with a few pasted Latin-1 bytes: both kinds of text survive.
write("enc-utf8-bom-invalid-bytes.xml", b"\xef\xbb\xbf" + rss("Pasted text: Zürich", []).encode("utf-8").replace(
    b"<description>encodings</description>",
    b"<description>encodings</description>\n<item><title>Valid UTF-8 \xd1\xa8 and pasted Latin-1 Espa\xf1a, Caf\xe9</title>"
    b"<link>https://enc.example/bom</link><guid isPermaLink=\"false\">enc-bom</guid></item>"))

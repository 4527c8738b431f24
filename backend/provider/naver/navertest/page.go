package navertest

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/korean"
)

// LoginPage is what a login wall looks like: a 200 page without the table.
const LoginPage = `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>네이버 : 로그인</title></head>
<body><div id="wrap"><form id="frmNIDLogin" name="frmNIDLogin" method="POST" action="https://nid.naver.com/nidlogin.login">
<input type="text" id="id" name="id" placeholder="아이디"><input type="password" id="pw" name="pw" placeholder="비밀번호">
<button type="submit" class="btn_login">로그인</button></form></div></body></html>
`

// EncodeEUCKR encodes UTF-8 text as EUC-KR (CP949), as Naver serves it.
func EncodeEUCKR(s string) []byte {
	b, err := korean.EUCKR.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(fmt.Sprintf("navertest: text not encodable in EUC-KR: %v", err))
	}
	return b
}

// RenderPage renders the investor page (UTF-8 text, to be encoded) with
// rows newest first as page page of lastPage, laid out like Naver's: a
// broker table of class type2 first, then the investor table with two
// header rows and spacer rows, then the page navigation. Change markers use
// Naver's current <em class="bu_p bu_pdn"> form. No rows means an empty
// table and no navigation.
func RenderPage(code string, rows []Day, page, lastPage int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html lang="ko">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>종목 ` + code + ` : 네이버페이 증권</title>
<script type="text/javascript">var code = "` + code + `";</script>
</head>
<body>
<div id="wrap"><div id="content" class="content">
<div class="section inner_sub">
<table class="type2" summary="거래원정보에 관한표이며 일자별로 누적 정보를 제공합니다.">
<caption>거래원정보</caption>
<tr><th scope="col">매도상위</th><th scope="col">거래량</th><th scope="col">매수상위</th><th scope="col">거래량</th></tr>
<tr><td class="title">키움증권</td><td class="num">1,234,567</td><td class="title">모건스탠리</td><td class="num">987,654</td></tr>
<tr><td class="title">외국계추정합</td><td class="num">120,000</td><td class="title"></td><td class="num">95,000</td></tr>
</table>
</div>
<div class="section inner_sub">
<table summary="외국인 기관 순매매 거래량에 관한표이며 날짜별로 정보를 제공합니다." width="100%" cellpadding="0" cellspacing="0" border="0" class="type2">
<caption>외국인 기관 순매매 거래량</caption>
<colgroup><col width="80"><col width="75"><col width="70"><col width="70"><col width="90"><col width="90"><col width="90"><col width="100"><col></colgroup>
<tr>
<th rowspan="2" scope="col">날짜</th><th rowspan="2" scope="col">종가</th><th rowspan="2" scope="col">전일비</th>
<th rowspan="2" scope="col">등락률</th><th rowspan="2" scope="col">거래량</th>
<th scope="col">기관</th><th colspan="3" scope="col">외국인</th>
</tr>
<tr><th scope="col">순매매량</th><th scope="col">순매매량</th><th scope="col">보유주수</th><th scope="col">보유율</th></tr>
<tr><td colspan="9" class="blank_07"></td></tr>
`)
	for i, d := range rows {
		if i > 0 && i%5 == 0 {
			b.WriteString("<tr><td colspan=\"9\" class=\"division_line_1\"></td></tr>\n")
		}
		fmt.Fprintf(&b, `<tr onMouseOver="mouseOver(this)" onMouseOut="mouseOut(this)">
<td class="tc"><span class="tah p10 gray03">%s</span></td>
<td class="num"><span class="tah p11">%s</span></td>
<td class="num">%s</td>
<td class="num"><span class="tah p11 %s">%s</span></td>
<td class="num"><span class="tah p11">%s</span></td>
<td class="num"><span class="tah p11 %s">%s</span></td>
<td class="num"><span class="tah p11 %s">%s</span></td>
<td class="num"><span class="tah p11">%s</span></td>
<td class="num"><span class="tah p11">%.2f%%</span></td>
</tr>
`, d.Date.Format("2006.01.02"), Comma(d.Close), changeCell(d.Change), color(d.Change), pct(d.ChangePct),
			Comma(d.Volume), color(d.InstNet), Signed(d.InstNet), color(d.ForeignNet), Signed(d.ForeignNet),
			Comma(d.ForeignHoldings), d.ForeignRatio)
	}
	b.WriteString("<tr><td colspan=\"9\" class=\"blank_08\"></td></tr>\n</table>\n")
	if len(rows) > 0 {
		b.WriteString(navigation(code, page, lastPage))
	}
	b.WriteString("</div>\n</div></div>\n</body>\n</html>\n")
	return b.String()
}

// navigation renders Naver's Nnavi table: ten page links per block, with
// 맨앞/이전 and 다음/맨뒤 links to the neighbouring blocks and the ends.
func navigation(code string, page, last int) string {
	link := func(p int, label string) string {
		return fmt.Sprintf(`<a href="/item/frgn.naver?code=%s&amp;page=%d">%s</a>`, code, p, label)
	}
	var b strings.Builder
	b.WriteString(`<table summary="페이지 네비게이션 리스트" class="Nnavi" align="center"><caption>페이지 네비게이션</caption><tr>` + "\n")
	start := (page-1)/10*10 + 1
	end := min(start+9, last)
	if start > 1 {
		b.WriteString(`<td class="pgLL">` + link(1, "맨앞") + "</td>\n")
		b.WriteString(`<td class="pgL">` + link(start-1, "이전") + "</td>\n")
	}
	for p := start; p <= end; p++ {
		if p == page {
			b.WriteString(`<td class="on">` + link(p, strconv.Itoa(p)) + "</td>\n")
		} else {
			b.WriteString("<td>" + link(p, strconv.Itoa(p)) + "</td>\n")
		}
	}
	if end < last {
		b.WriteString(`<td class="pgR">` + link(end+1, "다음") + "</td>\n")
		b.WriteString(`<td class="pgRR">` + link(last, "맨뒤") + "</td>\n")
	}
	b.WriteString("</tr></table>\n")
	return b.String()
}

func changeCell(v int64) string {
	switch {
	case v > 0:
		return `<em class="bu_p bu_pup"><span class="blind">상승</span></em><span class="tah p11 red02">` + Comma(v) + `</span>`
	case v < 0:
		return `<em class="bu_p bu_pdn"><span class="blind">하락</span></em><span class="tah p11 nv01">` + Comma(-v) + `</span>`
	}
	return `<span class="tah p11">0</span>`
}

func color(v int64) string {
	switch {
	case v > 0:
		return "red01"
	case v < 0:
		return "nv01"
	}
	return ""
}

func pct(v float64) string {
	if v == 0 {
		return "0.00%"
	}
	return fmt.Sprintf("%+.2f%%", v)
}

// Comma formats v with thousands separators: 1234567 → "1,234,567".
func Comma(v int64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// Signed formats a net figure the way Naver does: "+1,234", "-5,678", "0".
func Signed(v int64) string {
	if v > 0 {
		return "+" + Comma(v)
	}
	return Comma(v)
}

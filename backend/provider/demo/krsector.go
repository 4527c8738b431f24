package demo

import "strings"

// krSector is a pseudo-sector (theme) of the KR market, assigned from the
// company name, with the ranges its fundamentals are drawn from.
type krSector struct {
	name         string
	keys         []string
	vol          float64 // daily σ of the sector factor
	peLo, peHi   float64
	loss         float64 // share of loss-making companies
	pbLo, pbHi   float64
	divLo, divHi float64 // dividend yield, percent
}

// krSectors lists the themes in matching order: the first sector with a
// keyword contained in the name wins. Sector names match the KR market
// gate's sector labels where they overlap (반도체, 2차전지, 자동차, IT, 은행,
// 철강, 증권).
func krSectors() []krSector {
	return []krSector{
		{"반도체", []string{"반도체", "하이닉스", "삼성전자", "리노공업", "이오테크닉스", "주성엔지니어링", "ISC", "티씨케이", "원익", "솔브레인", "동진쎄미켐", "피에스케이", "하나마이크론", "유진테크", "테스", "에스티아이", "파크시스템스", "케이씨텍", "쎄미", "세미콘", "마이크로"}, 0.013, 8, 25, 0.15, 1, 3, 0, 2.5},
		{"2차전지", []string{"에너지솔루션", "에코프로", "SDI", "퓨처엠", "엘앤에프", "2차전지", "배터리", "천보", "나노신소재", "대주전자재료", "코스모신소재", "솔루스", "엔켐", "레이크머티리얼즈", "포스코엠텍", "금양"}, 0.017, 30, 90, 0.35, 2, 6, 0, 0.5},
		{"바이오", []string{"바이오", "제약", "셀트리온", "약품", "파마", "팜", "메디", "헬스", "알테오젠", "젠", "진단", "HLB", "펩트론", "휴젤", "클래시스", "케어젠", "루닛", "오스코텍", "티슈진", "유한양행", "녹십자", "종근당", "대웅", "보령", "씨젠", "뷰노", "의료", "덴티움", "오스템", "메디톡스", "휴온스", "테라퓨틱스", "셀"}, 0.014, 25, 80, 0.45, 2, 8, 0, 1},
		{"자동차", []string{"현대차", "기아", "모비스", "자동차", "모터", "오토", "타이어", "만도", "한온", "에스엘", "현대위아", "화신", "성우하이텍", "서연이화"}, 0.011, 4, 9, 0.1, 0.4, 1.0, 2, 5},
		{"증권", []string{"증권", "키움", "한국금융지주", "미래에셋", "투자"}, 0.012, 5, 10, 0.05, 0.4, 0.9, 3, 6},
		{"보험", []string{"생명", "화재", "손해보험", "보험", "카드", "캐피탈", "해상"}, 0.009, 4, 9, 0.05, 0.3, 0.8, 3, 6},
		{"은행", []string{"은행", "금융지주", "금융", "신한지주", "BNK", "JB", "DGB", "iM"}, 0.009, 4, 7, 0, 0.3, 0.6, 4, 7},
		{"철강", []string{"철강", "제철", "POSCO", "포스코", "고려아연", "스틸", "금속", "특수강", "동국", "세아", "강관"}, 0.011, 6, 15, 0.15, 0.3, 0.8, 2, 5},
		{"조선/방산", []string{"중공업", "조선", "해양", "오션", "에어로스페이스", "로템", "방산", "넥스원", "항공우주", "에너빌리티", "일렉트릭", "기계", "로보틱스", "로봇", "두산", "엘에스", "LS"}, 0.015, 15, 45, 0.2, 1, 4, 0, 2},
		{"화학", []string{"화학", "케미칼", "석유", "정유", "S-Oil", "이노베이션", "소재", "폴리", "유니드", "효성"}, 0.011, 8, 20, 0.25, 0.5, 1.5, 1, 4},
		{"건설", []string{"건설", "이앤씨", "산업개발", "건영", "시멘트", "개발"}, 0.011, 4, 10, 0.2, 0.3, 0.8, 1, 4},
		{"엔터", []string{"엔터", "에스엠", "JYP", "하이브", "와이지", "스튜디오", "미디어", "방송", "ENM", "콘텐츠", "드래곤", "픽쳐스", "CGV"}, 0.013, 15, 40, 0.25, 1, 4, 0, 1.5},
		{"IT", []string{"NAVER", "카카오", "크래프톤", "엔씨", "넷마블", "게임", "펄어비스", "위메이드", "소프트", "데이타", "정보", "시스템", "네트웍", "인터넷", "플랫폼", "SDS", "에스디에스", "DX", "컴투스", "웹젠", "시프트업", "엔에이치엔", "더존", "솔루션", "AI"}, 0.012, 15, 40, 0.25, 1.5, 5, 0, 1.5},
		{"통신", []string{"텔레콤", "유플러스", "통신"}, 0.007, 8, 13, 0, 0.5, 1, 4, 6},
		{"전력/에너지", []string{"전력", "가스", "에너지", "발전", "태양", "풍력", "수소", "원자력"}, 0.012, 8, 20, 0.2, 0.4, 1.2, 1, 5},
		{"운송", []string{"해운", "HMM", "항공", "물류", "운송", "택배", "글로비스", "팬오션", "여객", "고속"}, 0.012, 4, 12, 0.15, 0.4, 1.2, 1, 5},
		{"유통/소비재", []string{"유통", "백화점", "리테일", "쇼핑", "식품", "푸드", "제과", "음료", "주류", "화장품", "아모레", "코스맥스", "콜마", "실리콘투", "브이티", "패션", "의류", "F&F", "농심", "오리온", "삼양", "하이트", "롯데", "신세계", "이마트", "BGF", "면세", "호텔", "KT&G", "생활건강", "에이피알", "코스메틱", "뷰티"}, 0.009, 8, 20, 0.15, 0.6, 2, 1, 4},
		{"전자부품", []string{"전자", "디스플레이", "이노텍", "전기", "부품", "광학", "카메라", "회로", "기판", "PCB", "테크", "전선"}, 0.012, 8, 25, 0.2, 0.7, 2.5, 0, 2},
		{"지주", []string{"홀딩스", "지주", "그룹"}, 0.010, 5, 12, 0.1, 0.3, 0.8, 2, 5},
	}
}

// krFallback returns the themes given to names no keyword matches.
func krFallback() [7]string {
	return [7]string{"IT", "전자부품", "바이오", "유통/소비재", "화학", "조선/방산", "건설"}
}

// krSectorOf returns the index in secs of the name's sector; unmatched
// names get a theme from h.
func krSectorOf(secs []krSector, name string, h uint64) int {
	switch name { // short names that substrings would misplace
	case "KT":
		return krSectorIndex(secs, "통신")
	case "SK", "LG", "CJ", "GS", "LS", "HD현대", "한화", "삼성물산", "코오롱", "두산":
		return krSectorIndex(secs, "지주")
	}
	for i, s := range secs {
		for _, k := range s.keys {
			if strings.Contains(name, k) {
				return i
			}
		}
	}
	fb := krFallback()
	return krSectorIndex(secs, fb[h%uint64(len(fb))])
}

func krSectorIndex(secs []krSector, name string) int {
	for i, s := range secs {
		if s.name == name {
			return i
		}
	}
	panic("demo: unknown KR sector " + name)
}

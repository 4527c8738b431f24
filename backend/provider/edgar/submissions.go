package edgar

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Company is the header of a submissions document.
type Company struct {
	Name           string `json:"name"`
	CIK            CIK    `json:"cik"`
	SIC            string `json:"sic"`             // e.g. "3571"
	SICDescription string `json:"sic_description"` // e.g. "Electronic Computers"
	State          string `json:"state"`           // state of incorporation, e.g. "CA"
	FiscalYearEnd  string `json:"fiscal_year_end"` // MMDD, e.g. "0928"
}

// Filing is one row of filings.recent.
type Filing struct {
	Form            string `json:"form"`                  // "10-K", "8-K/A", ...
	FilingDate      string `json:"filing_date"`           // YYYY-MM-DD
	ReportDate      string `json:"report_date,omitempty"` // YYYY-MM-DD or ""
	AccessionNumber string `json:"accession_number"`      // 0000320193-24-000123
	Document        string `json:"document"`              // primary document file name, may be ""
	Description     string `json:"description"`           // primary document description
	// URL is the primary document on www.sec.gov, or the filing's index
	// page when it has no primary document.
	URL string `json:"url"`
}

// DefaultForms returns the forms Recent keeps by default: 10-K, 10-Q, 8-K
// and their amendments.
func DefaultForms() []string { return []string{"10-K", "10-Q", "8-K", "10-K/A", "10-Q/A", "8-K/A"} }

// Submissions fetches the company header and recent filings (newest first,
// as SEC orders them) of ticker. An unknown ticker gives ErrUnknownTicker.
func (c *Client) Submissions(ctx context.Context, ticker string) (Company, []Filing, error) {
	cik, err := c.LookupCIK(ctx, ticker)
	if err != nil {
		return Company{}, nil, err
	}
	return c.SubmissionsCIK(ctx, cik)
}

// SubmissionsCIK is Submissions by CIK.
func (c *Client) SubmissionsCIK(ctx context.Context, cik CIK) (Company, []Filing, error) {
	if cik <= 0 || cik > 9_999_999_999 {
		return Company{}, nil, fmt.Errorf("edgar: invalid CIK %d", int64(cik))
	}
	body, err := c.get(ctx, c.data+"/submissions/CIK"+cik.Padded()+".json")
	if err != nil {
		return Company{}, nil, err
	}
	co, fs, err := parseSubmissions(body, cik)
	if err != nil {
		return Company{}, nil, fmt.Errorf("CIK %s: %w", cik.Padded(), err)
	}
	return co, fs, nil
}

// Recent returns up to max filings of ticker whose form is in forms,
// looking at the scan most recent filings. Defaults: forms DefaultForms(),
// max 5, scan 50. Forms match exactly, ignoring case.
func (c *Client) Recent(ctx context.Context, ticker string, forms []string, max, scan int) (Company, []Filing, error) {
	co, all, err := c.Submissions(ctx, ticker)
	if err != nil {
		return Company{}, nil, err
	}
	return co, selectFilings(all, forms, max, scan), nil
}

func selectFilings(all []Filing, forms []string, max, scan int) []Filing {
	if len(forms) == 0 {
		forms = DefaultForms()
	}
	if max <= 0 {
		max = 5
	}
	if scan <= 0 {
		scan = 50
	}
	keep := make(map[string]bool, len(forms))
	for _, f := range forms {
		keep[strings.ToUpper(strings.TrimSpace(f))] = true
	}
	out := []Filing{}
	for _, f := range all[:min(scan, len(all))] {
		if keep[strings.ToUpper(f.Form)] {
			out = append(out, f)
			if len(out) == max {
				break
			}
		}
	}
	return out
}

// flexString decodes a JSON string, number or null as a string.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*f = flexString(n.String())
		return nil
	}
	if string(b) == "null" {
		*f = ""
		return nil
	}
	return fmt.Errorf("want a string, got %.40s", b)
}

// submissionsDoc is the part of a submissions document we read.
type submissionsDoc struct {
	CIK            flexString `json:"cik"`
	Name           flexString `json:"name"`
	SIC            flexString `json:"sic"`
	SICDescription flexString `json:"sicDescription"`
	State          flexString `json:"stateOfIncorporation"`
	FiscalYearEnd  flexString `json:"fiscalYearEnd"`
	Filings        *struct {
		Recent map[string]json.RawMessage `json:"recent"`
	} `json:"filings"`
}

// Column names in filings.recent.
const (
	colAccession = "accessionNumber"
	colFiled     = "filingDate"
	colReport    = "reportDate"
	colForm      = "form"
	colDoc       = "primaryDocument"
	colDesc      = "primaryDocDescription"
)

// parseSubmissions decodes a submissions document. want is the CIK that was
// asked for, used when the document's own is missing. Missing required
// columns, columns of unequal length and invalid accession numbers, dates
// or document names are ErrMalformed.
func parseSubmissions(body []byte, want CIK) (Company, []Filing, error) {
	var doc submissionsDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		return Company{}, nil, fmt.Errorf("%w: submissions: %w", ErrMalformed, err)
	}
	if doc.Filings == nil || doc.Filings.Recent == nil {
		return Company{}, nil, fmt.Errorf("%w: submissions: no filings.recent", ErrMalformed)
	}
	co := Company{Name: strings.TrimSpace(string(doc.Name)), CIK: want, SIC: string(doc.SIC),
		SICDescription: string(doc.SICDescription), State: string(doc.State), FiscalYearEnd: string(doc.FiscalYearEnd)}
	var own flexInt
	if doc.CIK != "" && own.UnmarshalJSON([]byte(doc.CIK)) == nil && own > 0 {
		co.CIK = CIK(own)
	}

	cols := map[string][]string{}
	n := -1
	for _, name := range []string{colAccession, colFiled, colForm, colDoc, colReport, colDesc} {
		raw, ok := doc.Filings.Recent[name]
		if !ok {
			switch name {
			case colReport, colDesc:
				continue // optional
			}
			return Company{}, nil, fmt.Errorf("%w: submissions: filings.recent has no %q column", ErrMalformed, name)
		}
		var vs []flexString
		if err := json.Unmarshal(raw, &vs); err != nil {
			return Company{}, nil, fmt.Errorf("%w: submissions: column %q: %w", ErrMalformed, name, err)
		}
		if n >= 0 && len(vs) != n {
			return Company{}, nil, fmt.Errorf("%w: submissions: column %q has %d entries, %q has %d", ErrMalformed, name, len(vs), colAccession, n)
		}
		n = len(vs)
		ss := make([]string, n)
		for i, v := range vs {
			ss[i] = strings.TrimSpace(string(v))
		}
		cols[name] = ss
	}
	at := func(name string, i int) string {
		if c := cols[name]; c != nil {
			return c[i]
		}
		return ""
	}

	fs := make([]Filing, 0, n)
	for i := range n {
		f := Filing{Form: at(colForm, i), FilingDate: at(colFiled, i), ReportDate: at(colReport, i),
			AccessionNumber: at(colAccession, i), Document: at(colDoc, i), Description: at(colDesc, i)}
		if err := checkFiling(f); err != nil {
			return Company{}, nil, fmt.Errorf("%w: submissions: filing %d: %w", ErrMalformed, i, err)
		}
		f.URL = filingURL(co.CIK, f.AccessionNumber, f.Document)
		fs = append(fs, f)
	}
	return co, fs, nil
}

// checkFiling validates the fields that end up in URLs or dates.
func checkFiling(f Filing) error {
	if !validAccession(f.AccessionNumber) {
		return fmt.Errorf("bad accession number %q", f.AccessionNumber)
	}
	if f.Form == "" {
		return fmt.Errorf("accession %s has no form", f.AccessionNumber)
	}
	if _, err := time.Parse("2006-01-02", f.FilingDate); err != nil {
		return fmt.Errorf("accession %s: bad filing date %q", f.AccessionNumber, f.FilingDate)
	}
	if f.ReportDate != "" {
		if _, err := time.Parse("2006-01-02", f.ReportDate); err != nil {
			return fmt.Errorf("accession %s: bad report date %q", f.AccessionNumber, f.ReportDate)
		}
	}
	if !validDocument(f.Document) {
		return fmt.Errorf("accession %s: bad document name %q", f.AccessionNumber, f.Document)
	}
	return nil
}

// validAccession checks the ##########-##-###### form.
func validAccession(s string) bool {
	if len(s) != 20 || s[10] != '-' || s[13] != '-' {
		return false
	}
	for i := range len(s) {
		if i != 10 && i != 13 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// validDocument accepts "" or slash-separated names of [A-Za-z0-9._-]
// (Forms 3/4/5 use "xslF345X05/form4.xml"), without "." or ".." segments.
func validDocument(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > 200 {
		return false
	}
	for seg := range strings.SplitSeq(s, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		for _, c := range []byte(seg) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
				return false
			}
		}
	}
	return true
}

// filingURL links the primary document, or the filing index when there is
// none.
func filingURL(cik CIK, accession, doc string) string {
	folder := wwwHost + "/Archives/edgar/data/" + cik.String() + "/" + strings.ReplaceAll(accession, "-", "") + "/"
	if doc == "" {
		return folder + accession + "-index.htm"
	}
	return folder + doc
}

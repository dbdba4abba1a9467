// Package report builds the certification readiness report of one
// connector: every requirement of Microsoft's connector certification
// article (submission files, MUST, SHOULD, security, prerequisites) with
// its status (pass, fail with the findings, or needs a person), and for a
// target release month the registration, submission and technical-review
// deadlines of the article's calendar. Call [Build] with a connector's
// model and findings, then [WriteMarkdown] or [WriteJSON].
package report

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/rules"
)

// Status is the state of one requirement.
type Status string

const (
	// Pass: the rules behind the requirement ran and found nothing above
	// information.
	Pass Status = "pass"
	// Fail: a rule behind the requirement found a warning or an error.
	Fail Status = "fail"
	// Person: no tool can judge it (a test account, the report's queries);
	// someone must confirm it.
	Person Status = "person"
	// Unchecked: the rules behind it did not run (turned off, or not part
	// of this build of pqcert).
	Unchecked Status = "unchecked"
)

// Group names, in report order.
const (
	GroupArtifacts     = "Submission files"
	GroupMust          = "The connector MUST"
	GroupShould        = "The connector SHOULD"
	GroupSecurity      = "Security"
	GroupPrerequisites = "Prerequisites"
	GroupOther         = "Other findings"
)

// Requirement is one line of the report.
type Requirement struct {
	Group string
	// Title is the requirement in the article's words.
	Title string
	// Codes are the rules that judge it, none for what only a person can.
	Codes  []string
	Status Status
	// Note says what to do, or what a person must confirm.
	Note     string
	Findings []Finding
}

// Finding is a finding as the report shows it.
type Finding struct {
	// File is relative to the connector's folder, with forward slashes.
	File     string
	Line     int // 1-based
	Column   int // 1-based, UTF-16 code units
	Code     string
	Severity string
	Message  string
}

// Calendar holds a release's deadlines.
type Calendar struct {
	// Release is the Power BI Desktop release month, "YYYY-MM".
	Release         string
	Registration    time.Time // the 15th, two months before the release month
	Submission      time.Time // the 1st of the month before
	TechnicalReview time.Time // the 15th of the month before
}

// Report is the readiness report of one connector.
type Report struct {
	// Connector is the section name (the folder's name without one).
	Connector string
	// Folder is the connector's folder as the caller named it.
	Folder string
	// Version is the Version attribute's text, "" without one.
	Version      string
	Requirements []Requirement
	// Calendar is nil when no release month was given.
	Calendar *Calendar
}

// Options configure Build.
type Options struct {
	// Release is the target release month, "YYYY-MM"; "" for none.
	Release string
	// Rules are the rules that ran; a requirement whose rules are all
	// missing here is Unchecked.
	Rules []*rules.Rule
	// Config is the engine configuration the rules ran with: rules it
	// turns off count as not run.
	Config rules.Config
	// Folder names the connector's folder in the report (default: its
	// base name).
	Folder string
}

// Counts returns the number of requirements of each status.
func (r *Report) Counts() map[Status]int {
	out := map[Status]int{}
	for _, q := range r.Requirements {
		out[q.Status]++
	}
	return out
}

// Failed reports whether any requirement fails.
func (r *Report) Failed() bool { return r.Counts()[Fail] > 0 }

// ReleaseCalendar returns the article's deadlines for a Power BI Desktop
// release month "YYYY-MM": registration by the 15th two months before,
// submission by the 1st and technical review by the 15th of the month
// before (April 2027: 2027-02-15, 2027-03-01, 2027-03-15).
func ReleaseCalendar(release string) (*Calendar, error) {
	t, err := time.Parse("2006-01", release)
	if err != nil {
		return nil, fmt.Errorf("release %q is not a month of the form YYYY-MM", release)
	}
	y, m := t.Year(), t.Month()
	// time.Date normalises months below 1 into the year before.
	return &Calendar{
		Release:         release,
		Registration:    time.Date(y, m-2, 15, 0, 0, 0, 0, time.UTC),
		Submission:      time.Date(y, m-1, 1, 0, 0, 0, 0, time.UTC),
		TechnicalReview: time.Date(y, m-1, 15, 0, 0, 0, 0, time.UTC),
	}, nil
}

// requirement is a row of the catalogue below.
type requirement struct {
	group, title string
	codes        []string
	// person is what someone must confirm even when the rules pass ("" for
	// requirements the rules settle).
	person string
	// note is advice shown with the requirement.
	note string
}

// catalogue maps the article's requirements to rule codes, in the
// article's order.
var catalogue = []requirement{
	{group: GroupArtifacts, title: "Connector (.mez) file, named ProductName.mez, without the words Fabric, Power BI, Connector or API", codes: []string{"PQC601", "PQC602"}},
	{group: GroupArtifacts, title: "Power BI Desktop (.pbix) file for testing", codes: []string{"PQC603"}},
	{group: GroupArtifacts, title: "The .pbix report has at least one query for each navigation table item (or each type of table when there is no set schema)",
		person: "open the report and check it has a query per navigation item"},
	{group: GroupArtifacts, title: "Test account to your data source, persistent for future updates",
		person: "provide a test account that will keep working for later updates"},
	{group: GroupArtifacts, title: "Testing instructions", codes: []string{"PQC604"}},
	{group: GroupArtifacts, title: "Links to external dependencies (for example, ODBC drivers)", codes: []string{"PQC605"}},

	{group: GroupMust, title: "Use Section document format", codes: []string{"PQC001", "PQC002"}},
	{group: GroupMust, title: "Contain a version header/adornment above the section document", codes: []string{"PQC003", "PQC004"}},
	{group: GroupMust, title: "Provide function documentation metadata", codes: []string{"PQC204", "PQC205"}},
	{group: GroupMust, title: "Have TestConnection handler", codes: []string{"PQC103", "PQC104"}},
	{group: GroupMust, title: "Follow naming conventions (DataSourceKind.FunctionName), without the words Fabric, Power BI, Connector or API", codes: []string{"PQC201", "PQC202"}},
	{group: GroupMust, title: "Return data in tabular format", codes: []string{"PQC206"}},
	{group: GroupMust, title: "Behave the same in Import and DirectQuery mode, returning identical results", codes: []string{"PQC309"},
		person: "load the same tables in Import and in DirectQuery mode and compare the results"},
	{group: GroupMust, title: "Have the Beta flag set to True on initial release", codes: []string{"PQC302"},
		note: "set \"initialRelease\": true in .pqcert.json for an initial release: then a missing Beta flag is an error"},

	{group: GroupShould, title: "The FunctionName makes sense for the domain (Contents, Tables, Document, Databases …)", codes: []string{"PQC203"}},
	{group: GroupShould, title: "Have icons", codes: []string{"PQC303", "PQC304"}},
	{group: GroupShould, title: "Provide a navigation table", codes: []string{"PQC305"}},
	{group: GroupShould, title: "Place strings in a resources.resx file; URLs and values stay hard-coded in the connector", codes: []string{"PQC401", "PQC402", "PQC403", "PQC404", "PQC405"}},

	{group: GroupSecurity, title: "Credentials are sent only through HTTPS", codes: []string{"PQC501", "PQC509"}},
	{group: GroupSecurity, title: "Credentials sent with Web.Contents via GET use the CredentialQuery option (the article's CredentialQueryString), or the request becomes a POST", codes: []string{"PQC502"}},
	{group: GroupSecurity, title: "Use of Extension.CurrentCredential: is it required, and where are the credentials sent?", codes: []string{"PQC507", "PQC508"},
		note: "each PQC507 finding names where a credential goes: confirm every one is needed"},
	{group: GroupSecurity, title: "Diagnostics tracing: no PII or large data, behind a feature flag that is off for submission", codes: []string{"PQC503", "PQC504", "PQC505"}},
	{group: GroupSecurity, title: "Expression.Evaluate: the expression is neither user input nor dynamic", codes: []string{"PQC506"}},
	{group: GroupSecurity, title: "Authorization failures raise credential errors", codes: []string{"PQC510"}},

	{group: GroupPrerequisites, title: "The connector is for a public product", person: "confirm the product is publicly available"},
	{group: GroupPrerequisites, title: "An estimate for current and future usage", person: "prepare the usage estimate for the registration"},
	{group: GroupPrerequisites, title: "The connector is already available to customers (for example through a private preview) and works at the expected level of usage",
		person: "gather feedback from the customers or organisations that use it"},
	{group: GroupPrerequisites, title: "A customer-driven thread in the Fabric Ideas forum shows demand", person: "link the Fabric Ideas thread"},
	{group: GroupPrerequisites, title: "Code complete, tested in Power BI Desktop and with refresh in the Power BI service through an on-premises data gateway",
		person: "run the end-to-end refresh through a gateway"},
}

// Build builds the readiness report of a connector from its model and the
// findings of a check of it. It fails only for a malformed release month.
func Build(m *model.Model, findings []rules.Finding, opts Options) (*Report, error) {
	rep := &Report{}
	c := m.Connector
	if c != nil {
		rep.Connector = filepath.Base(c.Dir)
		rep.Folder = filepath.Base(c.Dir)
	}
	if opts.Folder != "" {
		rep.Folder = opts.Folder
	}
	if f := m.Facts; f != nil {
		if f.SectionName != "" {
			rep.Connector = f.SectionName
		}
		if f.Version != nil {
			rep.Version = f.Version.Text
		}
	}
	if opts.Release != "" {
		cal, err := ReleaseCalendar(opts.Release)
		if err != nil {
			return nil, err
		}
		rep.Calendar = cal
	}
	ran := map[string]bool{}
	for _, r := range opts.Rules {
		if s, set := opts.Config.Severities[r.Code]; !set || s != rules.Off {
			ran[r.Code] = true
		}
	}
	byCode := map[string][]rules.Finding{}
	for _, f := range findings {
		byCode[f.Rule.Code] = append(byCode[f.Rule.Code], f)
	}
	used := map[string]bool{}
	for _, q := range catalogue {
		req := Requirement{Group: q.group, Title: q.title, Codes: q.codes, Note: q.note}
		var checked, missing []string
		worst := rules.Off
		for _, code := range q.codes {
			used[code] = true
			if !ran[code] {
				missing = append(missing, code)
				continue
			}
			checked = append(checked, code)
			for _, f := range byCode[code] {
				req.Findings = append(req.Findings, convert(m, f))
				worst = max(worst, f.Severity)
			}
		}
		switch {
		case worst >= rules.Warning:
			req.Status = Fail
		case len(q.codes) > 0 && len(checked) == 0:
			req.Status = Unchecked
		case q.person != "":
			req.Status = Person
		default:
			req.Status = Pass
		}
		// Without a built archive there is nothing to submit yet.
		if len(q.codes) > 0 && q.codes[0] == "PQC601" && req.Status == Pass && c != nil && len(c.Mez) == 0 {
			req.Status = Fail
		}
		req.Note = joinNotes(specialNote(m, q, req.Status), q.person, q.note, missingNote(missing, len(checked)))
		rep.Requirements = append(rep.Requirements, req)
	}
	// Findings of rules no requirement names (kinds, authentication,
	// general M) stay visible.
	other := Requirement{Group: GroupOther, Title: "Other rules (data source kinds, authentication, publish record, M code)", Status: Pass}
	worst := rules.Off
	for _, f := range findings {
		if used[f.Rule.Code] {
			continue
		}
		other.Findings = append(other.Findings, convert(m, f))
		worst = max(worst, f.Severity)
	}
	if worst >= rules.Warning {
		other.Status = Fail
	}
	rep.Requirements = append(rep.Requirements, other)
	return rep, nil
}

// specialNote adds what the folder's files say about a requirement.
func specialNote(m *model.Model, q requirement, st Status) string {
	c := m.Connector
	if c == nil {
		return ""
	}
	if len(q.codes) == 0 {
		return ""
	}
	switch q.codes[0] {
	case "PQC601":
		if len(c.Mez) == 0 && st == Fail {
			return "no .mez file in the folder yet: build the connector before submitting"
		}
		if st == Pass {
			return "found " + baseNames(c.Mez)
		}
	case "PQC603":
		if st == Pass {
			return "found " + baseNames(c.Pbix)
		}
	case "PQC604":
		if st == Pass {
			return "found " + baseNames(c.Docs)
		}
	}
	return ""
}

func baseNames(paths []string) string {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = "`" + filepath.Base(p) + "`"
	}
	return strings.Join(names, ", ")
}

func missingNote(missing []string, checked int) string {
	if len(missing) == 0 {
		return ""
	}
	if checked == 0 {
		return "not checked: " + strings.Join(missing, ", ") + " did not run"
	}
	return strings.Join(missing, ", ") + " did not run"
}

func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// convert places a finding for the report: its file relative to the
// connector's folder, and its line and UTF-16 column.
func convert(m *model.Model, f rules.Finding) Finding {
	out := Finding{Code: f.Rule.Code, Severity: f.Severity.String(), Message: f.Message, Line: 1, Column: 1}
	c := m.Connector
	out.File = filepath.ToSlash(f.File)
	if c == nil {
		return out
	}
	if rel, err := filepath.Rel(c.Dir, f.File); err == nil {
		out.File = filepath.ToSlash(rel)
	}
	var mapper *document.Mapper
	if sf := c.FileByPath(f.File); sf != nil {
		mapper = sf.File.Doc.Mapper()
	} else if c.Resx != nil && c.Resx.Path == f.File {
		mapper = document.NewMapper(c.Resx.Text)
	}
	if mapper != nil {
		out.Line, out.Column = mapper.LineCol(f.Span.Start)
	}
	return out
}

// This file defines the Markdown and JSON renderings of a report.

package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/rules"
)

var statusLabel = map[Status]string{
	Pass:      "✅ pass",
	Fail:      "❌ fail",
	Person:    "👤 needs a person",
	Unchecked: "⚪ not checked",
}

// WriteMarkdown renders the report as Markdown: a summary, the release
// calendar, then each group's requirements with their status, notes and
// findings.
func WriteMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Certification readiness: %s\n\n", r.Connector)
	version := "no version attribute"
	if r.Version != "" {
		version = "version " + r.Version
	}
	fmt.Fprintf(&b, "Connector folder `%s`, %s.\n\n", r.Folder, version)
	n := r.Counts()
	fmt.Fprintf(&b, "%d requirements: %d pass, %d fail, %d need a person, %d not checked.\n",
		len(r.Requirements), n[Pass], n[Fail], n[Person], n[Unchecked])
	if c := r.Calendar; c != nil {
		month := c.TechnicalReview.AddDate(0, 1, 0).Format("January 2006")
		fmt.Fprintf(&b, "\n## Release calendar: %s Power BI Desktop release\n\n", month)
		b.WriteString("| step | deadline |\n|---|---|\n")
		fmt.Fprintf(&b, "| Registration: notification of intent to certify | %s |\n", date(c.Registration))
		fmt.Fprintf(&b, "| Submission of the connector files for review | %s |\n", date(c.Submission))
		fmt.Fprintf(&b, "| Technical review passed | %s |\n", date(c.TechnicalReview))
		b.WriteString("\nMicrosoft recommends submitting early; it does not guarantee these timelines.\n")
	}
	group := ""
	for _, q := range r.Requirements {
		if q.Group != group {
			group = q.Group
			fmt.Fprintf(&b, "\n## %s\n\n", group)
		}
		fmt.Fprintf(&b, "- %s: %s", statusLabel[q.Status], q.Title)
		if len(q.Codes) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(q.Codes, ", "))
		}
		b.WriteByte('\n')
		if q.Note != "" {
			fmt.Fprintf(&b, "  - %s\n", q.Note)
		}
		for _, f := range q.Findings {
			fmt.Fprintf(&b, "  - `%s:%d:%d` %s %s %s\n", f.File, f.Line, f.Column, f.Severity, f.Code, f.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func date(t interface{ Format(string) string }) string { return t.Format("2006-01-02") }

type jsonReport struct {
	Version          int               `json:"version"`
	Connector        string            `json:"connector"`
	ConnectorVersion string            `json:"connectorVersion"`
	Folder           string            `json:"folder"`
	Release          *jsonCalendar     `json:"release"`
	Summary          map[Status]int    `json:"summary"`
	Requirements     []jsonRequirement `json:"requirements"`
}

type jsonCalendar struct {
	Month           string `json:"month"`
	Registration    string `json:"registration"`
	Submission      string `json:"submission"`
	TechnicalReview string `json:"technicalReview"`
}

type jsonRequirement struct {
	Group    string    `json:"group"`
	Title    string    `json:"title"`
	Codes    []string  `json:"codes"`
	Status   Status    `json:"status"`
	Note     string    `json:"note,omitempty"`
	Findings []Finding `json:"findings"`
}

// MarshalJSON names Finding's fields in lower camel case.
func (f Finding) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Code     string `json:"code"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}(f))
}

// WriteJSON renders the report as JSON (version 1): connector, folder,
// release calendar (null without a release month), counts by status
// (pass, fail, person, unchecked) and requirements with their findings.
func WriteJSON(w io.Writer, r *Report) error {
	out := jsonReport{Version: 1, Connector: r.Connector, ConnectorVersion: r.Version, Folder: r.Folder, Summary: map[Status]int{}, Requirements: []jsonRequirement{}}
	for _, s := range []Status{Pass, Fail, Person, Unchecked} {
		out.Summary[s] = r.Counts()[s]
	}
	if c := r.Calendar; c != nil {
		out.Release = &jsonCalendar{Month: c.Release, Registration: date(c.Registration), Submission: date(c.Submission), TechnicalReview: date(c.TechnicalReview)}
	}
	for _, q := range r.Requirements {
		jq := jsonRequirement{Group: q.Group, Title: q.Title, Codes: q.Codes, Status: q.Status, Note: q.Note, Findings: q.Findings}
		if jq.Codes == nil {
			jq.Codes = []string{}
		}
		if jq.Findings == nil {
			jq.Findings = []Finding{}
		}
		out.Requirements = append(out.Requirements, jq)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// Markdown builds a connector's report and renders it as Markdown, for
// callers that show it (the language server's pqcert.report command).
func Markdown(m *model.Model, findings []rules.Finding, opts Options) (string, error) {
	rep, err := Build(m, findings, opts)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := WriteMarkdown(&b, rep); err != nil {
		return "", err
	}
	return b.String(), nil
}

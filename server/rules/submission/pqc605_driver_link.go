package submission

import (
	_ "embed"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/mez"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc605_driver_link.md
var driverLinkDoc string

// DriverLink reports a connector built on an ODBC driver, an OLE DB
// provider or an ADO.NET provider whose testing instructions link no driver.
var DriverLink = &rules.Rule{
	Code:     "PQC605",
	Name:     "driver-link",
	Severity: rules.Information,
	Doc:      driverLinkDoc,
	Needs:    rules.NeedsScope | rules.NeedsFacts | rules.NeedsFiles,
	Run:      runDriverLink,
}

// driverFunctions are the library functions that need a driver or provider
// installed on the machine (and on the gateway).
var driverFunctions = map[string]bool{
	"Odbc.DataSource": true, "Odbc.Query": true, "Odbc.InferOptions": true,
	"OleDb.DataSource": true, "OleDb.Query": true,
	"AdoDotNet.DataSource": true, "AdoDotNet.Query": true,
}

func runDriverLink(p *rules.Pass) {
	at := sectionAnchor(p)
	if at.IsNull() {
		return
	}
	uses := DriverUses(p.Model.Scope)
	if len(uses) == 0 {
		return
	}
	docs := p.Model.Connector.Docs
	linked, unreadable := false, false
	for _, path := range docs {
		text, ok := docText(path)
		if !ok {
			unreadable = true
			continue
		}
		if linksDriver(text) {
			linked = true
			break
		}
	}
	// A PDF or old Word document may well hold the link: when unsure, say nothing.
	if linked || unreadable {
		return
	}
	var names []string
	var related []rules.Related
	for _, ref := range uses {
		if !slices.Contains(names, ref.Name) {
			names = append(names, ref.Name)
			related = append(related, rules.Related{File: p.Model.PathOf(ref.File), Span: ref.Node.Span(),
				Message: fmt.Sprintf("`%s` needs a driver installed", ref.Name)})
		}
	}
	where := "its testing instructions link no driver download"
	if len(docs) == 0 {
		where = "it has no testing instructions to link its driver from"
	}
	f := p.ReportNode(at, "the connector uses %s, but %s: reviewers and gateway users must install the driver",
		quoteList(names), where)
	f.Related = related
}

// DriverUses returns the references to library functions that need an
// installed driver or provider (Odbc.DataSource, OleDb.DataSource,
// AdoDotNet.DataSource and their Query variants), in file and document
// order.
func DriverUses(in *scope.Info) []*scope.Ref {
	if in == nil {
		return nil
	}
	var out []*scope.Ref
	for _, ref := range in.Refs {
		if ref.Def != nil && ref.Def.Kind == scope.Library && driverFunctions[ref.Name] {
			out = append(out, ref)
		}
	}
	return out
}

// maxDocSize bounds what is read of one instructions document.
const maxDocSize = 4 << 20

// docText returns the text of an instructions document; ok is false for
// documents pqcert cannot read (PDF, old Word files, unreadable files).
func docText(path string) (string, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".txt", ".html", ".htm", ".rtf", "":
		info, err := os.Stat(path)
		if err != nil || info.Size() > maxDocSize {
			return "", false
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return "", false
		}
		text, _, err := document.Decode(raw)
		if err != nil {
			return "", false
		}
		return string(text), true
	case ".docx":
		return docxText(path)
	}
	return "", false
}

var (
	hyperlinkRE = regexp.MustCompile(`<w:hyperlink\b[^>]*\br:id="([^"]*)"`)
	relRE       = regexp.MustCompile(`<Relationship\b[^>]*>`)
	attrRE      = regexp.MustCompile(`\b(Id|Target)="([^"]*)"`)
	tagRE       = regexp.MustCompile(`<[^>]*>`)
)

// docxText returns the paragraphs of a Word document, each hyperlink
// replaced by its address, paragraphs separated by blank lines.
func docxText(path string) (string, bool) {
	a, _, err := mez.Open(path, mez.Limits{MaxEntrySize: maxDocSize, MaxTotalSize: 4 * maxDocSize})
	if err != nil {
		return "", false
	}
	body, err := a.Read("word/document.xml")
	if err != nil {
		return "", false
	}
	targets := map[string]string{}
	if rels, err := a.Read("word/_rels/document.xml.rels"); err == nil {
		for _, rel := range relRE.FindAllString(string(rels), -1) {
			var id, target string
			for _, m := range attrRE.FindAllStringSubmatch(rel, -1) {
				if m[1] == "Id" {
					id = m[2]
				} else {
					target = html.UnescapeString(m[2])
				}
			}
			targets[id] = target
		}
	}
	text := hyperlinkRE.ReplaceAllStringFunc(string(body), func(tag string) string {
		id := hyperlinkRE.FindStringSubmatch(tag)[1]
		return " " + targets[id] + " " + tag
	})
	text = strings.ReplaceAll(text, "</w:p>", "\n\n")
	text = tagRE.ReplaceAllString(text, "")
	return html.UnescapeString(text), true
}

var (
	urlRE        = regexp.MustCompile(`(?i)\bhttps?://[^\s<>()\[\]"'` + "`" + `]+`)
	listItemRE   = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s`)
	driverWordRE = regexp.MustCompile(`(?i)driver|odbc|ole ?db|provider|ado\.?net|adodotnet`)
)

// linksDriver reports whether a document holds a web address that is about
// a driver: in a paragraph or list item that mentions a driver or provider,
// or with such a word in the address itself.
func linksDriver(text string) bool {
	for _, block := range blocks(text) {
		if urlRE.MatchString(block) && driverWordRE.MatchString(block) {
			return true
		}
	}
	return false
}

// blocks splits a document into paragraphs and list items: a blank line
// ends a block, and a line starting with a list marker (`-`, `*`, `+`,
// `1.`) starts one. Continuation lines stay with their item.
func blocks(text string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
			continue
		case listItemRE.MatchString(line):
			flush()
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	flush()
	return out
}

package ide

// This file holds the skeleton snippets completion offers where a section
// member may start: the pieces every certified connector has.

import (
	"strings"

	"github.com/pqcert/pqcert/server/document"
)

// snippet is a skeleton; `NAME` in its body stands for the section name,
// which becomes the first placeholder.
type snippet struct {
	label, detail, body string
	// needs names a member the snippet defines; the snippet is not offered
	// when the connector has it already (by its NAME-expanded name).
	defines string
}

var snippets = []snippet{
	{
		label:  "data source function with documentation",
		detail: "shared NAME.Contents with a documented type, its implementation and its kind and publish attributes",
		body: `[DataSource.Kind = "${1:NAME}", Publish = "${1:NAME}.Publish"]
shared ${1:NAME}.Contents = Value.ReplaceType(${1:NAME}Impl, ${1:NAME}Type);

${1:NAME}Type = type function (
    ${2:url} as (Uri.Type meta [
        Documentation.FieldCaption = ${3:Extension.LoadString("UrlCaption")},
        Documentation.FieldDescription = ${4:Extension.LoadString("UrlDescription")}
    ]))
    as table meta [
        Documentation.Name = ${5:Extension.LoadString("FunctionName")},
        Documentation.LongDescription = ${6:Extension.LoadString("FunctionDescription")}
    ];

${1:NAME}Impl = (${2:url} as text) as table =>
    let
        source = Web.Contents(${2:url}),
        result = Json.Document(source)
    in
        $0result;`,
		defines: "NAME.Contents",
	},
	{
		label:  "kind record with TestConnection",
		detail: "the data source kind: TestConnection, Authentication and Label",
		body: `${1:NAME} = [
    TestConnection = (dataSourcePath) => {"${1:NAME}.Contents", dataSourcePath},
    Authentication = [
        ${2:Anonymous} = []
    ],
    Label = ${3:Extension.LoadString("DataSourceLabel")}
];$0`,
		defines: "NAME",
	},
	{
		label:  "publish record",
		detail: "NAME.Publish: how Get Data shows the connector",
		body: `${1:NAME}.Publish = [
    Beta = true,
    Category = "${2:Other}",
    ButtonText = {Extension.LoadString("ButtonTitle"), Extension.LoadString("ButtonHelp")},
    LearnMoreUrl = "${3:https://}",
    SourceImage = ${1:NAME}.Icons,
    SourceTypeImage = ${1:NAME}.Icons
];$0`,
		defines: "NAME.Publish",
	},
	{
		label:  "icons record",
		detail: "NAME.Icons: the eight icon sizes Get Data uses",
		body: `${1:NAME}.Icons = [
    Icon16 = {Extension.Contents("${1:NAME}16.png"), Extension.Contents("${1:NAME}20.png"), Extension.Contents("${1:NAME}24.png"), Extension.Contents("${1:NAME}32.png")},
    Icon32 = {Extension.Contents("${1:NAME}32.png"), Extension.Contents("${1:NAME}40.png"), Extension.Contents("${1:NAME}48.png"), Extension.Contents("${1:NAME}64.png")}
];$0`,
		defines: "NAME.Icons",
	},
	{
		label:  "navigation table",
		detail: "a navigation function and the Table.ToNavigationTable helper",
		body: `${1:NAME}.Navigation = () as table =>
    let
        items = #table(
            {"Name", "Key", "Data", "ItemKind", "ItemName", "IsLeaf"},
            {
                {"${2:Items}", "${3:items}", ${4:GetItems}(), "Table", "Table", true}
            }),
        navigation = Table.ToNavigationTable(items, {"Key"}, "Name", "Data", "ItemKind", "ItemName", "IsLeaf")
    in
        navigation;

// Marks a table as a navigation table: its key, and which columns hold the
// names, the data, the item kinds and whether an item is a leaf.
Table.ToNavigationTable = (
    table as table,
    keyColumns as list,
    nameColumn as text,
    dataColumn as any,
    itemKindColumn as any,
    itemNameColumn as any,
    isLeafColumn as any
) as table =>
    let
        withKey = Type.AddTableKey(Value.Type(table), keyColumns, true),
        navigationType = withKey meta [
            NavigationTable.NameColumn = nameColumn,
            NavigationTable.DataColumn = dataColumn,
            NavigationTable.ItemKindColumn = itemKindColumn,
            Preview.DelayColumn = itemNameColumn,
            NavigationTable.IsLeafColumn = isLeafColumn
        ]
    in
        Value.ReplaceType(table, navigationType);$0`,
		defines: "Table.ToNavigationTable",
	},
}

// memberStartItems proposes the skeletons and `shared` where a section
// member may start.
func (s *Snapshot) memberStartItems(prefix string, replace document.Span) *CompletionList {
	members, _, section := s.sectionMembers()
	if section == "" {
		section = "Connector"
	}
	list := &CompletionList{Incomplete: true}
	if strings.HasPrefix("shared", prefix) {
		list.Items = append(list.Items, CompletionItem{Label: "shared", Kind: CompleteKeyword, InsertText: "shared ",
			Replace: replace, SortText: sortKeyword + "shared", FilterText: "shared"})
	}
	for _, sn := range snippets {
		if members[strings.ReplaceAll(sn.defines, "NAME", section)] != nil {
			continue
		}
		if !matches(sn.label, prefix) && !strings.Contains(sn.label, strings.ToLower(prefix)) {
			continue
		}
		list.Items = append(list.Items, CompletionItem{
			Label: sn.label, Kind: CompleteSnippet, Detail: strings.ReplaceAll(sn.detail, "NAME", section),
			Documentation: "```powerquery\n" + expandSnippet(sn.body, section) + "\n```",
			InsertText:    strings.ReplaceAll(sn.body, "NAME", snippetEscape(section)), Snippet: true,
			Replace: replace, SortText: sortSnippet + sn.label, FilterText: sn.label,
		})
	}
	return list
}

// expandSnippet shows a snippet as the text it inserts with its defaults.
func expandSnippet(body, section string) string {
	body = strings.ReplaceAll(body, "NAME", section)
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '$' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		switch {
		case body[i+1] == '{':
			j := strings.IndexByte(body[i:], ':')
			k := strings.IndexByte(body[i:], '}')
			if j > 0 && k > j {
				b.WriteString(body[i+j+1 : i+k])
				i += k
				continue
			}
		case body[i+1] >= '0' && body[i+1] <= '9':
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

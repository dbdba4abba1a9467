// This file defines the symbols pqcert adds to m-library.json: library
// names that Microsoft's M reference documents but the source data lacks,
// so that a connector calling one gets no false "undefined identifier"
// error. See PROVENANCE.md for how the list was made.

package mlib

import (
	"fmt"
	"slices"
)

// symbolAddition is one documented library symbol that m-library.json
// lacks.
type symbolAddition struct {
	Symbol Symbol
	// Source is the page of Microsoft's M reference that the name, kind,
	// category, parameters and return type were checked against.
	Source string
}

// additions is the whole list, sorted by name. Each entry holds facts from
// its page's Syntax block (parameter names, types, optional, return type)
// and its category from the reference's overview page, spelled the way
// m-library.json spells categories ("Overview.Section").
//
// Deliberately absent: Excel.CurrentWorkbook, which is documented but reads
// the Excel workbook the query lives in; only the Excel host defines it and
// a connector never runs inside a workbook, so an undefined-identifier
// error for it is right.
var additions = []symbolAddition{
	{
		Symbol: Symbol{
			Name:     "DeltaLake.Metadata",
			Kind:     KindFunction,
			Category: "Accessing data",
			Returns:  "table",
			Library:  LibraryStandard,
			Parameters: []Parameter{
				{Name: "table", Type: "table", Required: true},
			},
		},
		Source: docBase + "deltalake-metadata",
	},
	{
		Symbol: Symbol{
			Name:     "FabricAI.Prompt",
			Kind:     KindFunction,
			Category: "Accessing data",
			Returns:  "text",
			Library:  LibraryStandard,
			Parameters: []Parameter{
				{Name: "input", Type: "text", Required: true},
				{Name: "context", Type: "any", Nullable: true},
			},
		},
		Source: docBase + "fabricai-prompt",
	},
	{
		Symbol: Symbol{
			Name:     "Table.PartitionKey",
			Kind:     KindFunction,
			Category: "Table.Transformation",
			Returns:  "nullable list",
			Library:  LibraryStandard,
			Parameters: []Parameter{
				{Name: "table", Type: "table", Required: true},
			},
		},
		Source: docBase + "table-partitionkey",
	},
	{
		Symbol: Symbol{
			Name:     "Table.ReplacePartitionKey",
			Kind:     KindFunction,
			Category: "Table.Transformation",
			Returns:  "table",
			Library:  LibraryStandard,
			Parameters: []Parameter{
				{Name: "table", Type: "table", Required: true},
				{Name: "partitionKey", Type: "nullable list", Required: true, Nullable: true},
			},
		},
		Source: docBase + "table-replacepartitionkey",
	},
	{
		Symbol: Symbol{
			Name:     "Type.ReplaceTablePartitionKey",
			Kind:     KindFunction,
			Category: "Type",
			Returns:  "type",
			Library:  LibraryStandard,
			Parameters: []Parameter{
				{Name: "tableType", Type: "type", Required: true},
				{Name: "partitionKey", Type: "nullable list", Required: true, Nullable: true},
			},
		},
		Source: docBase + "type-replacetablepartitionkey",
	},
	{
		Symbol: Symbol{
			Name:     "Type.TablePartitionKey",
			Kind:     KindFunction,
			Category: "Type",
			Returns:  "nullable list",
			Library:  LibraryStandard,
			Parameters: []Parameter{
				{Name: "tableType", Type: "type", Required: true},
			},
		},
		Source: docBase + "type-tablepartitionkey",
	},
	{
		Symbol: Symbol{
			Name:     "Variable.ValueOrDefault",
			Kind:     KindFunction,
			Category: "Values.Implementation",
			Returns:  "any",
			Library:  LibraryStandard,
			Parameters: []Parameter{
				{Name: "identifier", Type: "text", Required: true},
				{Name: "defaultValue", Type: "any", Nullable: true},
			},
		},
		Source: docBase + "variable-valueordefault",
	},
}

// applyAdditions adds the additions to a library parsed from
// m-library.json, through the same path as the JSON's own symbols. It fails
// when an entry has no source or when the JSON already has the name, so
// that refreshing m-library.json brings the table up for pruning.
func applyAdditions(l *library) error {
	for _, a := range additions {
		if a.Source == "" {
			return fmt.Errorf("addition %s: no source page", a.Symbol.Name)
		}
		if l.byName[a.Symbol.Name] != nil {
			return fmt.Errorf("addition %s: m-library.json has it now; remove the entry", a.Symbol.Name)
		}
		s := a.Symbol
		// Corrections edit parameters in place; keep the table untouched.
		s.Parameters = slices.Clone(a.Symbol.Parameters)
		if err := l.add(&s); err != nil {
			return fmt.Errorf("addition %s: %w", a.Symbol.Name, err)
		}
	}
	l.finish()
	return nil
}

package check

// This file defines a small JSON Schema validator for the keywords the
// SARIF 2.1.0 schema uses (draft-04): $ref to #/definitions, type, enum,
// properties, additionalProperties, required, items, minItems,
// uniqueItems, pattern, format (uri, uri-reference, date-time), minimum,
// maximum, anyOf, oneOf, allOf. A keyword it does not know is an error, so
// a schema it cannot judge fully is never passed silently.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"
)

type schemaValidator struct {
	root     map[string]any
	patterns map[string]*regexp.Regexp
}

// annotations are keywords that do not constrain values.
var annotations = map[string]bool{"$schema": true, "id": true, "title": true, "description": true, "default": true, "definitions": true}

func newSchemaValidator(schema []byte) (*schemaValidator, error) {
	var root map[string]any
	dec := json.NewDecoder(bytes.NewReader(schema))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		return nil, err
	}
	return &schemaValidator{root: root, patterns: map[string]*regexp.Regexp{}}, nil
}

// validate returns every violation of doc against the schema, each with
// its JSON pointer.
func (v *schemaValidator) validate(doc []byte) ([]string, error) {
	var val any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&val); err != nil {
		return nil, err
	}
	var errs []string
	v.check(v.root, val, "", &errs)
	return errs, nil
}

func (v *schemaValidator) resolve(ref string) (map[string]any, error) {
	const prefix = "#/definitions/"
	if !strings.HasPrefix(ref, prefix) {
		return nil, fmt.Errorf("unsupported $ref %q", ref)
	}
	defs, _ := v.root["definitions"].(map[string]any)
	s, ok := defs[strings.TrimPrefix(ref, prefix)].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("unknown $ref %q", ref)
	}
	return s, nil
}

func (v *schemaValidator) check(s map[string]any, val any, at string, errs *[]string) {
	fail := func(format string, args ...any) {
		*errs = append(*errs, fmt.Sprintf("%s: %s", pointer(at), fmt.Sprintf(format, args...)))
	}
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kw := s[k]
		switch k {
		case "$ref":
			target, err := v.resolve(kw.(string))
			if err != nil {
				fail("%v", err)
				continue
			}
			v.check(target, val, at, errs)
		case "type":
			var types []string
			switch t := kw.(type) {
			case string:
				types = []string{t}
			case []any:
				for _, x := range t {
					types = append(types, x.(string))
				}
			}
			ok := false
			for _, t := range types {
				ok = ok || hasType(val, t)
			}
			if !ok {
				fail("%s is not of type %s", describe(val), strings.Join(types, " or "))
			}
		case "enum":
			ok := false
			for _, e := range kw.([]any) {
				ok = ok || jsonEqual(e, val)
			}
			if !ok {
				fail("%s is not one of %v", describe(val), kw)
			}
		case "properties":
			obj, isObj := val.(map[string]any)
			if !isObj {
				continue
			}
			for name, sub := range kw.(map[string]any) {
				if x, ok := obj[name]; ok {
					v.check(sub.(map[string]any), x, at+"/"+name, errs)
				}
			}
		case "additionalProperties":
			obj, isObj := val.(map[string]any)
			if !isObj {
				continue
			}
			props, _ := s["properties"].(map[string]any)
			for name, x := range obj {
				if _, declared := props[name]; declared {
					continue
				}
				switch a := kw.(type) {
				case bool:
					if !a {
						fail("property %q is not allowed", name)
					}
				case map[string]any:
					v.check(a, x, at+"/"+name, errs)
				}
			}
		case "required":
			obj, isObj := val.(map[string]any)
			if !isObj {
				continue
			}
			for _, name := range kw.([]any) {
				if _, ok := obj[name.(string)]; !ok {
					fail("required property %q is missing", name)
				}
			}
		case "items":
			arr, isArr := val.([]any)
			if !isArr {
				continue
			}
			for i, x := range arr {
				v.check(kw.(map[string]any), x, fmt.Sprintf("%s/%d", at, i), errs)
			}
		case "minItems":
			if arr, ok := val.([]any); ok {
				if n, _ := kw.(json.Number).Int64(); int64(len(arr)) < n {
					fail("array has %d items, fewer than %d", len(arr), n)
				}
			}
		case "uniqueItems":
			arr, ok := val.([]any)
			if !ok || kw != true {
				continue
			}
			for i := range arr {
				for j := i + 1; j < len(arr); j++ {
					if jsonEqual(arr[i], arr[j]) {
						fail("items %d and %d are equal", i, j)
					}
				}
			}
		case "pattern":
			str, ok := val.(string)
			if !ok {
				continue
			}
			re := v.patterns[kw.(string)]
			if re == nil {
				re = regexp.MustCompile(kw.(string))
				v.patterns[kw.(string)] = re
			}
			if !re.MatchString(str) {
				fail("%q does not match %s", str, kw)
			}
		case "format":
			str, ok := val.(string)
			if !ok {
				continue
			}
			if msg := checkFormat(kw.(string), str); msg != "" {
				fail("%q %s", str, msg)
			}
		case "minimum", "maximum":
			n, ok := val.(json.Number)
			if !ok {
				continue
			}
			x, _ := new(big.Rat).SetString(n.String())
			limit, _ := new(big.Rat).SetString(kw.(json.Number).String())
			if k == "minimum" && x.Cmp(limit) < 0 || k == "maximum" && x.Cmp(limit) > 0 {
				fail("%s is beyond the %s %s", n, k, kw)
			}
		case "anyOf", "oneOf", "allOf":
			matched := 0
			var sub []string
			for _, alt := range kw.([]any) {
				var e []string
				v.check(alt.(map[string]any), val, at, &e)
				if len(e) == 0 {
					matched++
				}
				sub = append(sub, e...)
			}
			n := len(kw.([]any))
			switch {
			case k == "anyOf" && matched == 0:
				fail("matches none of anyOf: %s", strings.Join(sub, "; "))
			case k == "oneOf" && matched != 1:
				fail("matches %d of oneOf, not exactly one", matched)
			case k == "allOf" && matched != n:
				fail("fails allOf: %s", strings.Join(sub, "; "))
			}
		default:
			if !annotations[k] {
				fail("schema keyword %q is not supported by this validator", k)
			}
		}
	}
}

func pointer(at string) string {
	if at == "" {
		return "/"
	}
	return at
}

func hasType(val any, t string) bool {
	switch t {
	case "object":
		_, ok := val.(map[string]any)
		return ok
	case "array":
		_, ok := val.([]any)
		return ok
	case "string":
		_, ok := val.(string)
		return ok
	case "boolean":
		_, ok := val.(bool)
		return ok
	case "null":
		return val == nil
	case "number":
		_, ok := val.(json.Number)
		return ok
	case "integer":
		n, ok := val.(json.Number)
		if !ok {
			return false
		}
		r, ok := new(big.Rat).SetString(n.String())
		return ok && r.IsInt()
	}
	return false
}

func describe(val any) string {
	b, _ := json.Marshal(val)
	if len(b) > 60 {
		b = append(b[:57], "..."...)
	}
	return string(b)
}

// jsonEqual compares decoded JSON values, numbers by value.
func jsonEqual(a, b any) bool {
	na, okA := a.(json.Number)
	nb, okB := b.(json.Number)
	if okA && okB {
		x, _ := new(big.Rat).SetString(na.String())
		y, _ := new(big.Rat).SetString(nb.String())
		return x != nil && y != nil && x.Cmp(y) == 0
	}
	return reflect.DeepEqual(a, b)
}

func checkFormat(format, s string) string {
	switch format {
	case "uri":
		u, err := url.Parse(s)
		if err != nil || u.Scheme == "" {
			return "is not an absolute URI"
		}
	case "uri-reference":
		if _, err := url.Parse(s); err != nil || strings.ContainsAny(s, " \\") {
			return "is not a URI reference"
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return "is not an RFC 3339 date-time"
		}
	default:
		return "has unsupported format " + format
	}
	return ""
}

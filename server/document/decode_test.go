package document

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		want string
		enc  Encoding
	}{
		{"plain", []byte("let\r\n"), "let\r\n", UTF8},
		{"empty", nil, "", UTF8},
		{"invalid UTF-8 kept", []byte("a\xffb"), "a\xffb", UTF8},
		{"UTF-8 BOM", []byte("\xef\xbb\xbfshared X = 1;"), "shared X = 1;", UTF8BOM},
		{"UTF-8 BOM only", []byte("\xef\xbb\xbf"), "", UTF8BOM},
		{"UTF-16LE", []byte{0xFF, 0xFE, 'a', 0, 0x0D, 0, 0x0A, 0, 0x0D, 0x54, 0x3D, 0xD8, 0x00, 0xDE}, "a\r\n名😀", UTF16LE},
		{"UTF-16BE", []byte{0xFE, 0xFF, 0, 'a', 0x54, 0x0D, 0xD8, 0x3D, 0xDE, 0x00}, "a名😀", UTF16BE},
		{"UTF-16 BOM only", []byte{0xFF, 0xFE}, "", UTF16LE},
		{"lone high surrogate", []byte{0xFF, 0xFE, 0x3D, 0xD8, 'x', 0}, "\ufffdx", UTF16LE},
		{"high surrogate at the end", []byte{0xFF, 0xFE, 'x', 0, 0x3D, 0xD8}, "x\ufffd", UTF16LE},
		{"lone low surrogate", []byte{0xFE, 0xFF, 0xDE, 0x00, 0, 'x'}, "\ufffdx", UTF16BE},
		{"two high surrogates", []byte{0xFF, 0xFE, 0x3D, 0xD8, 0x3D, 0xD8, 0x00, 0xDE}, "\ufffd😀", UTF16LE},
	}
	for _, tt := range tests {
		text, enc, err := Decode(tt.raw)
		if err != nil || string(text) != tt.want || enc != tt.enc {
			t.Errorf("%s: Decode = %q, %v, %v; want %q, %v", tt.name, text, enc, err, tt.want, tt.enc)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	_, _, err := Decode([]byte{0xFF, 0xFE, 'a', 0, 'b'})
	if err == nil || !strings.Contains(err.Error(), "odd number of bytes") {
		t.Errorf("odd UTF-16: error %v, want one naming the odd length", err)
	}
	for _, raw := range [][]byte{{0xFF, 0xFE, 0, 0, 'a', 0, 0, 0}, {0, 0, 0xFE, 0xFF}} {
		if _, _, err := Decode(raw); !errors.Is(err, errUnsupportedEncoding) {
			t.Errorf("Decode(% x): error %v, want unsupported encoding", raw, err)
		}
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	texts := []string{"", "section X;\r\nshared A = \"😀 名 é\";\n", "\r"}
	for _, text := range texts {
		for _, enc := range []Encoding{UTF8, UTF8BOM, UTF16LE, UTF16BE} {
			raw := Encode([]byte(text), enc)
			got, gotEnc, err := Decode(raw)
			if err != nil || string(got) != text || gotEnc != enc {
				t.Errorf("Decode(Encode(%q, %v)) = %q, %v, %v", text, enc, got, gotEnc, err)
			}
			if again := Encode(got, gotEnc); !bytes.Equal(again, raw) {
				t.Errorf("%v: re-encoding changed the bytes", enc)
			}
		}
	}
	if got := Encode([]byte("a\xffb"), UTF16LE); !bytes.Equal(got, []byte{0xFF, 0xFE, 'a', 0, 0xFD, 0xFF, 'b', 0}) {
		t.Errorf("invalid UTF-8 in UTF-16 = % x, want U+FFFD", got)
	}
	if s := UTF16BE.String(); s != "UTF-16BE" {
		t.Errorf("String = %q", s)
	}
}

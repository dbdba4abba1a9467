// This file defines how file bytes become text and back: Decode and Encode.

package document

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding is the encoding a file was read in, so that writing it back (as
// check --fix does) keeps the file as it was.
type Encoding int

const (
	UTF8    Encoding = iota // UTF-8 without a byte order mark, or any bytes that are not UTF-16
	UTF8BOM                 // UTF-8 starting with the byte order mark EF BB BF
	UTF16LE                 // UTF-16 little-endian starting with FF FE
	UTF16BE                 // UTF-16 big-endian starting with FE FF
)

func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "UTF-8"
	case UTF8BOM:
		return "UTF-8 with BOM"
	case UTF16LE:
		return "UTF-16LE"
	case UTF16BE:
		return "UTF-16BE"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0x00, 0x00}
	bomUTF32BE = []byte{0x00, 0x00, 0xFE, 0xFF}
)

// errUnsupportedEncoding reports a byte order mark of an encoding pqcert
// does not read.
var errUnsupportedEncoding = errors.New("unsupported encoding")

// Decode returns the UTF-8 text of the file contents raw and the encoding
// they were in. A UTF-8 byte order mark is stripped. UTF-16 with a byte order
// mark is decoded, an unpaired surrogate becoming U+FFFD; an odd number of
// bytes after the mark is an error. Anything else is returned as is, invalid
// UTF-8 included, because the parser copes with it and positions count each
// invalid byte as one character. The result may share memory with raw.
//
// A UTF-32 byte order mark is an error: M tools do not write UTF-32, and
// reading it as UTF-16 would give nonsense.
func Decode(raw []byte) ([]byte, Encoding, error) {
	switch {
	case bytes.HasPrefix(raw, bomUTF8):
		return raw[len(bomUTF8):], UTF8BOM, nil
	case bytes.HasPrefix(raw, bomUTF32LE), bytes.HasPrefix(raw, bomUTF32BE):
		return nil, 0, fmt.Errorf("UTF-32 byte order mark: %w", errUnsupportedEncoding)
	case bytes.HasPrefix(raw, bomUTF16LE):
		text, err := decodeUTF16(raw[2:], false)
		return text, UTF16LE, err
	case bytes.HasPrefix(raw, bomUTF16BE):
		text, err := decodeUTF16(raw[2:], true)
		return text, UTF16BE, err
	}
	return raw, UTF8, nil
}

// decodeUTF16 converts UTF-16 bytes (after the byte order mark) to UTF-8.
func decodeUTF16(b []byte, bigEndian bool) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, fmt.Errorf("UTF-16 text has an odd number of bytes (%d after the byte order mark): the file is truncated or not UTF-16", len(b))
	}
	unit := func(i int) uint16 {
		if bigEndian {
			return uint16(b[i])<<8 | uint16(b[i+1])
		}
		return uint16(b[i+1])<<8 | uint16(b[i])
	}
	out := make([]byte, 0, len(b)/2*3/2+8)
	for i := 0; i < len(b); i += 2 {
		u := unit(i)
		r := rune(u)
		switch {
		case utf16.IsSurrogate(r) && u < 0xDC00 && i+2 < len(b):
			// A high surrogate: pair it with a following low one.
			if r2 := rune(unit(i + 2)); r2 >= 0xDC00 && r2 <= 0xDFFF {
				r = utf16.DecodeRune(r, r2)
				i += 2
			} else {
				r = utf8.RuneError
			}
		case utf16.IsSurrogate(r):
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// Encode returns text in encoding enc, with its byte order mark, so that
// Encode(Decode(raw)) gives back raw for files that were valid in their
// encoding. UTF8 returns text itself. For the UTF-16 encodings each invalid
// UTF-8 byte of text becomes U+FFFD, as UTF-16 cannot hold it.
func Encode(text []byte, enc Encoding) []byte {
	switch enc {
	case UTF8BOM:
		out := make([]byte, 0, len(bomUTF8)+len(text))
		return append(append(out, bomUTF8...), text...)
	case UTF16LE, UTF16BE:
		out := make([]byte, 0, 2+2*len(text))
		put := func(u uint16) {
			if enc == UTF16BE {
				out = append(out, byte(u>>8), byte(u))
			} else {
				out = append(out, byte(u), byte(u>>8))
			}
		}
		put(0xFEFF)
		for len(text) > 0 {
			r, size := utf8.DecodeRune(text)
			text = text[size:]
			if r >= 0x10000 {
				hi, lo := utf16.EncodeRune(r)
				put(uint16(hi))
				put(uint16(lo))
			} else {
				put(uint16(r))
			}
		}
		return out
	}
	return text
}

// Command mkicons draws the connector icons used by the test connectors in
// testdata/connectors: a coloured rounded square with a white letter, one PNG
// per size, named NAME<size>.png as the Power Query SDK names them.
//
// Usage:
//
//	mkicons -dir DIR -name NAME -color RRGGBB -letter L [-sizes 16,20,...]
//	        [-wrong SLOT=SIZE]... [-jpeg SLOT]... [-skip SLOT]...
//
// The flags -wrong, -jpeg and -skip make the broken icon sets that PQC304
// must report: -wrong 16=32 writes NAME16.png with 32×32 pixels, -jpeg 20
// writes NAME20.png as a JPEG image, and -skip 48 writes no NAME48.png.
// The output is deterministic, so regenerating leaves files unchanged.
package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// defaultSizes are the sizes the SDK project template ships.
const defaultSizes = "16,20,24,32,40,48,64,80"

// slotList collects repeated flag values.
type slotList []string

func (s *slotList) String() string     { return strings.Join(*s, ",") }
func (s *slotList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mkicons:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("mkicons", flag.ContinueOnError)
	dir := fs.String("dir", ".", "output folder")
	name := fs.String("name", "", "file name prefix, e.g. ContosoDesk")
	hex := fs.String("color", "2f6fde", "background colour as RRGGBB")
	letter := fs.String("letter", "", "letter drawn on the icon (A-Z); default: first letter of -name")
	sizes := fs.String("sizes", defaultSizes, "comma-separated icon sizes")
	var wrong, jpegSlots, skip slotList
	fs.Var(&wrong, "wrong", "SLOT=SIZE: write the SLOT file with SIZE pixels (repeatable)")
	fs.Var(&jpegSlots, "jpeg", "SLOT: write the SLOT file as JPEG data under the .png name (repeatable)")
	fs.Var(&skip, "skip", "SLOT: write no file for SLOT (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *name == "" {
		return errors.New("-name is required")
	}
	bg, err := parseColor(*hex)
	if err != nil {
		return err
	}
	glyphName := *letter
	if glyphName == "" {
		glyphName = (*name)[:1]
	}
	glyph, ok := font[strings.ToUpper(glyphName)]
	if !ok {
		return fmt.Errorf("no glyph for letter %q (want one of A-Z)", glyphName)
	}

	slots, err := parseSizes(*sizes)
	if err != nil {
		return err
	}
	actual := map[int]int{}
	for _, w := range wrong {
		slot, size, ok := strings.Cut(w, "=")
		if !ok {
			return fmt.Errorf("-wrong %q: want SLOT=SIZE", w)
		}
		s, err1 := strconv.Atoi(slot)
		z, err2 := strconv.Atoi(size)
		if err1 != nil || err2 != nil || z < 8 || z > 512 {
			return fmt.Errorf("-wrong %q: want two numbers, SIZE between 8 and 512", w)
		}
		actual[s] = z
	}
	asJPEG, err := slotSet(jpegSlots, "-jpeg")
	if err != nil {
		return err
	}
	skipped, err := slotSet(skip, "-skip")
	if err != nil {
		return err
	}

	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	for _, slot := range slots {
		if skipped[slot] {
			continue
		}
		size := slot
		if z, ok := actual[slot]; ok {
			size = z
		}
		img := render(size, bg, glyph)
		path := filepath.Join(*dir, fmt.Sprintf("%s%d.png", *name, slot))
		if err := write(path, img, asJPEG[slot]); err != nil {
			return err
		}
	}
	return nil
}

func parseColor(hex string) (color.NRGBA, error) {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(strings.TrimPrefix(hex, "#")) != 6 {
		return color.NRGBA{}, fmt.Errorf("-color %q: want six hex digits RRGGBB", hex)
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}, nil
}

func parseSizes(list string) ([]int, error) {
	var sizes []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 8 || n > 512 {
			return nil, fmt.Errorf("-sizes: %q is not a size between 8 and 512", f)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

func slotSet(list slotList, flagName string) (map[int]bool, error) {
	set := map[int]bool{}
	for _, v := range list {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("%s %q: want a number", flagName, v)
		}
		set[n] = true
	}
	return set, nil
}

func write(path string, img image.Image, asJPEG bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if asJPEG {
		err = jpeg.Encode(f, img, &jpeg.Options{Quality: 90})
	} else {
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		err = enc.Encode(f, img)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// samples is the supersampling factor per axis; edges get 16 coverage levels.
const samples = 4

// render draws a size×size icon: a rounded square in bg with the glyph in
// white, centred, about 60% of the icon high.
func render(size int, bg color.NRGBA, glyph [glyphRows]string) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float64(size)
	radius := s / 5
	// The glyph box, in icon pixels.
	gh := s * 0.6
	gw := gh * glyphCols / glyphRows
	gx0, gy0 := (s-gw)/2, (s-gh)/2
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var inShape, inGlyph int
			for sy := 0; sy < samples; sy++ {
				for sx := 0; sx < samples; sx++ {
					px := float64(x) + (float64(sx)+0.5)/samples
					py := float64(y) + (float64(sy)+0.5)/samples
					if !inRoundedSquare(px, py, s, radius) {
						continue
					}
					inShape++
					if glyphCovers(glyph, (px-gx0)/gw, (py-gy0)/gh) {
						inGlyph++
					}
				}
			}
			if inShape == 0 {
				continue
			}
			// Blend white over the background by glyph coverage, then apply
			// the shape's coverage as alpha.
			t := float64(inGlyph) / float64(inShape)
			mix := func(c uint8) uint8 { return uint8(float64(c)*(1-t) + 255*t + 0.5) }
			img.SetNRGBA(x, y, color.NRGBA{
				R: mix(bg.R), G: mix(bg.G), B: mix(bg.B),
				A: uint8(255 * inShape / (samples * samples)),
			})
		}
	}
	return img
}

func inRoundedSquare(x, y, s, r float64) bool {
	if x < 0 || y < 0 || x > s || y > s {
		return false
	}
	cx := clamp(x, r, s-r)
	cy := clamp(y, r, s-r)
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= r*r
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// glyphCovers reports whether the point (u, v), in glyph units from 0 to 1,
// falls on a set cell of the glyph bitmap.
func glyphCovers(glyph [glyphRows]string, u, v float64) bool {
	if u < 0 || v < 0 || u >= 1 || v >= 1 {
		return false
	}
	row := int(v * glyphRows)
	col := int(u * glyphCols)
	return glyph[row][col] == '#'
}

const (
	glyphRows = 7
	glyphCols = 5
)

// font is a 5×7 bitmap font of the capital letters.
var font = map[string][glyphRows]string{
	"A": {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
	"B": {"####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."},
	"C": {".####", "#....", "#....", "#....", "#....", "#....", ".####"},
	"D": {"####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."},
	"E": {"#####", "#....", "#....", "####.", "#....", "#....", "#####"},
	"F": {"#####", "#....", "#....", "####.", "#....", "#....", "#...."},
	"G": {".####", "#....", "#....", "#.###", "#...#", "#...#", ".###."},
	"H": {"#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
	"I": {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "#####"},
	"J": {"..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."},
	"K": {"#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"},
	"L": {"#....", "#....", "#....", "#....", "#....", "#....", "#####"},
	"M": {"#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"},
	"N": {"#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"},
	"O": {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},
	"P": {"####.", "#...#", "#...#", "####.", "#....", "#....", "#...."},
	"Q": {".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"},
	"R": {"####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"},
	"S": {".####", "#....", "#....", ".###.", "....#", "....#", "####."},
	"T": {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."},
	"U": {"#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},
	"V": {"#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."},
	"W": {"#...#", "#...#", "#...#", "#.#.#", "#.#.#", "##.##", "#...#"},
	"X": {"#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"},
	"Y": {"#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."},
	"Z": {"#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"},
}

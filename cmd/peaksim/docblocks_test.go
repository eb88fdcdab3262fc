package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// docBlock is a fenced code block of a page in docs/, with where it is, so
// that a test that runs or checks it can name the line a reader would fix.
type docBlock struct {
	page    string // docs/distributed.md
	line    int    // the line of its opening fence
	section string // the "## " heading it sits under
	lang    string // the fence's info string: sh, yaml
	text    string
}

func (b docBlock) where() string {
	return b.page + ":" + strconv.Itoa(b.line)
}

// docBlocks reads the fenced code blocks of docs/NAME (or README.md).
func docBlocks(t *testing.T, name string) []docBlock {
	t.Helper()
	path := filepath.Join("..", "..", "docs", name)
	page := "docs/" + name
	if name == "README.md" {
		path, page = filepath.Join("..", "..", name), name
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []docBlock
	var open *docBlock
	var body strings.Builder
	section := ""
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case open == nil && strings.HasPrefix(line, "```"):
			open = &docBlock{page: page, line: i + 1, section: section, lang: strings.TrimSpace(strings.TrimPrefix(line, "```"))}
			body.Reset()
		case open != nil && strings.TrimSpace(line) == "```":
			open.text = body.String()
			blocks = append(blocks, *open)
			open = nil
		case open != nil:
			body.WriteString(line + "\n")
		case strings.HasPrefix(line, "## "):
			section = strings.TrimPrefix(line, "## ")
		}
	}
	if open != nil {
		t.Fatalf("%s: the code block opened here is never closed", open.where())
	}
	return blocks
}

// docBlockIn finds the one block of a section that holds marker: a test
// that runs an example finds it by what it is, and fails plainly when the
// page no longer has exactly one.
func docBlockIn(t *testing.T, blocks []docBlock, section, marker string) docBlock {
	t.Helper()
	var found []docBlock
	for _, b := range blocks {
		if strings.HasPrefix(b.section, section) && strings.Contains(b.text, marker) {
			found = append(found, b)
		}
	}
	if len(found) != 1 {
		page := "the page"
		if len(blocks) > 0 {
			page = blocks[0].page
		}
		t.Fatalf("%s has %d code blocks holding %q under %q, want 1: the test runs that block", page, len(found), marker, section)
	}
	return found[0]
}

// knob is a value an example sets for a real cluster that a test on one
// machine must set otherwise: the text old, which the block must hold
// exactly n times, becomes new.
type knob struct {
	old, new string
	n        int
}

// turn applies the knobs to a block's text and fails when the block no
// longer holds one as often as the test expects (the example changed,
// and what the test runs would drift from what the page shows).
func turn(t *testing.T, b docBlock, knobs ...knob) string {
	t.Helper()
	text := b.text
	for _, k := range knobs {
		if got := strings.Count(text, k.old); got != k.n {
			t.Fatalf("%s: the example holds %q %d times, want %d: the test sets it to %q; change the test with the example", b.where(), k.old, got, k.n, k.new)
		}
		text = strings.ReplaceAll(text, k.old, k.new)
	}
	return text
}

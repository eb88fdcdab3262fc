package reports

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// versionsEntry returns the key: value fields of the assets/VERSIONS block
// whose "file:" is name; blocks are separated by blank lines.
func versionsEntry(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := os.ReadFile("assets/VERSIONS")
	if err != nil {
		t.Fatal(err)
	}
	var block map[string]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			if block["file"] == name {
				return block
			}
			block = nil
		case strings.HasPrefix(line, "#"):
		default:
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				t.Fatalf("assets/VERSIONS: line without a key: %q", line)
			}
			if block == nil {
				block = map[string]string{}
			}
			block[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if block["file"] == name {
		return block
	}
	t.Fatalf("assets/VERSIONS has no block for %s", name)
	return nil
}

// The sha256 ties the embedded bytes to the version and source recorded in
// VERSIONS, so a silently swapped or truncated file fails here.
func TestEchartsAssetMatchesVersions(t *testing.T) {
	entry := versionsEntry(t, "echarts.min.js")
	sum := sha256.Sum256([]byte(echartsJS))
	if got, want := hex.EncodeToString(sum[:]), entry["sha256"]; got != want {
		t.Fatalf("sha256(echartsJS) = %s, assets/VERSIONS says %q", got, want)
	}
}

// The script is pasted raw into a <script> element of a go-echarts page:
// "</script" would end the element early, and go-echarts unquotes anything
// around "__f__" across the whole page.
func TestEchartsAssetIsSafeToInline(t *testing.T) {
	if len(echartsJS) < 500_000 {
		t.Fatalf("echartsJS is only %d bytes; the embed looks wrong", len(echartsJS))
	}
	if i := strings.Index(strings.ToLower(echartsJS), "</script"); i >= 0 {
		t.Errorf("echartsJS contains </script at byte %d", i)
	}
	if i := strings.Index(echartsJS, "__f__"); i >= 0 {
		t.Errorf("echartsJS contains __f__ at byte %d", i)
	}
}

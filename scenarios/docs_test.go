package scenarios

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const reference = "../docs/scenarios.md"

// keyPaths lists every key the loader accepts, as the reference writes
// them (teams[].name), from the mapstructure tags of the raw types.
func keyPaths(prefix string, t reflect.Type) []string {
	var paths []string
	for _, k := range keysOf(t) {
		f, _ := fieldByKey(t, k)
		path := joinKey(prefix, k)
		paths = append(paths, path)
		switch f.Type.Kind() {
		case reflect.Pointer:
			paths = append(paths, keyPaths(path, f.Type.Elem())...)
		case reflect.Slice:
			paths = append(paths, keyPaths(path+"[]", f.Type.Elem())...)
		}
	}
	return paths
}

func TestEveryKeyIsDocumented(t *testing.T) {
	data, err := os.ReadFile(reference)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	keys := keyPaths("", reflect.TypeFor[rawScenario]())
	for _, k := range keys {
		if !strings.Contains(doc, "`"+k+"`") {
			t.Errorf("%s does not mention `%s`", reference, k)
		}
	}

	_, index, ok := strings.Cut(doc, "\n## Key index\n")
	if !ok {
		t.Fatalf("%s has no Key index section", reference)
	}
	index, _, _ = strings.Cut(index, "\n## ")
	var listed []string
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(index, -1) {
		listed = append(listed, m[1])
	}
	for _, k := range listed {
		if !slices.Contains(keys, k) {
			t.Errorf("the Key index lists `%s`, which the loader does not accept", k)
		}
	}
	for _, k := range keys {
		if !slices.Contains(listed, k) {
			t.Errorf("the Key index does not list `%s`", k)
		}
	}
}

func TestEveryDistributionIsDocumented(t *testing.T) {
	data, err := os.ReadFile(reference)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range distFamilies() {
		row := "| `" + f.name + "` | " + "`" + f.required[0] + "`"
		if !strings.Contains(string(data), row) {
			t.Errorf("%s has no row starting %q", reference, row)
		}
	}
}

func TestReferenceExamplesAreValid(t *testing.T) {
	data, err := os.ReadFile(reference)
	if err != nil {
		t.Fatal(err)
	}
	rest, n := string(data), 0
	for {
		var example string
		var ok bool
		if _, rest, ok = strings.Cut(rest, "```yaml\n"); !ok {
			break
		}
		example, rest, _ = strings.Cut(rest, "```")
		n++
		s, err := Parse("example.yaml", []byte(example))
		if err != nil {
			t.Fatalf("example %d: %v", n, err)
		}
		if err := s.Model().Validate(); err != nil {
			t.Fatalf("example %d: %v", n, err)
		}
	}
	if n < 2 {
		t.Errorf("%d examples, want the contact centre's and the season's", n)
	}
}

package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/peaksim/peaksim/scenarios/files"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// maxFileSize is the largest scenario file accepted: far above any real
// scenario, low enough that a wrong path (a log, a disk image) is refused
// before it is parsed.
const maxFileSize = 10 << 20

// Load reads and checks the scenario file at path. Its errors are
// *FieldError values (joined when there are several) that name the file,
// and where possible the line and key.
func Load(path string) (*Scenario, error) {
	f, err := files.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	defer f.Close()
	// One byte over the limit is enough for Parse to refuse the file.
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fileError(path, err)
	}
	return Parse(path, data)
}

func fileError(path string, err error) error {
	var pe *fs.PathError
	var nr *files.NotRegularError
	switch {
	case errors.As(err, &nr):
		err = fmt.Errorf("is a %s, not a scenario file", nr.Kind)
	case errors.Is(err, fs.ErrNotExist):
		err = &reworded{"no such file", err}
	case errors.Is(err, fs.ErrPermission):
		err = &reworded{"permission denied", err}
	case errors.As(err, &pe):
		err = pe.Err // the path is already in the message
	}
	return &FieldError{File: path, Err: err}
}

// Open opens a scenario named on the command line: the file arg if it
// exists, or if arg looks like a path (it holds a path separator or ends in
// .yaml or .yml); otherwise the built-in scenario of that name.
func Open(arg string) (*Scenario, error) {
	ext := strings.ToLower(filepath.Ext(arg))
	if _, err := os.Stat(arg); err == nil || strings.ContainsAny(arg, `/`+string(filepath.Separator)) || ext == ".yaml" || ext == ".yml" {
		return Load(arg)
	}
	if _, ok := builtinFile(arg); ok {
		return Builtin(arg)
	}
	return nil, &FieldError{File: arg, Err: fmt.Errorf("no such file or built-in scenario; the built-ins are %s", builtinNames())}
}

// topLevel describes what a scenario file is, for messages about its top
// level.
const topLevel = "a mapping with name, run, teams and channels"

// Parse checks a scenario given as YAML. file names it in messages (and
// becomes Source); Parse does not read it, but it reads the trace a season
// names (demand.trace), a relative path starting from file's directory.
func Parse(file string, data []byte) (*Scenario, error) {
	return parse(file, data, false)
}

// parse is Parse; derived is true for the document of a variant or a sweep
// point, whose thresholds' variants are the file's, checked by the Parse
// of the file.
func parse(file string, data []byte, derived bool) (*Scenario, error) {
	root, err := parseYAML(file, data)
	if err != nil {
		return nil, err
	}
	line := func(key string) int { return lineOf(root, key) }
	var p problems
	checkKeys(&p, "", root)
	if err := p.err(file, line); err != nil {
		// Stop here: what viper would read from these keys is arbitrary.
		return nil, err
	}
	raw, wrong, err := decode(&p, data)
	if err != nil {
		return nil, yamlError(file, err)
	}
	var built problems
	s := built.scenario(raw, file)
	for _, e := range built {
		// Problems of another file (a trace) have their own keys.
		if e.File != "" || !under(e.Key, wrong) {
			p = append(p, e)
		}
	}
	if err := p.err(file, line); err != nil {
		return nil, err
	}
	s.Source = file
	s.YAML = slices.Clone(data)
	var node *yaml.Node
	if i := mapIndex(root, "variants"); i >= 0 {
		node = root.Content[i+1]
	}
	var tp problems
	if !derived && (node == nil || node.Kind == yaml.SequenceNode) {
		tp.thresholdVariants(s.Thresholds, node)
	}
	if node != nil {
		vs, err := variants(file, root, node, s.Thresholds)
		if err = joinFlat(tp.err(file, line), err); err != nil {
			return nil, err
		}
		for _, v := range vs {
			v.Source, v.YAML = file, s.YAML
		}
		s.Variants = vs
	}
	if !derived {
		tp = append(tp, caseScenarios(file, root, s)...)
	}
	if err := tp.err(file, line); err != nil {
		return nil, err
	}
	return s, nil
}

// parseYAML checks that data is one YAML document whose top level is a
// mapping, and returns that mapping: its nodes give every key its line.
func parseYAML(file string, data []byte) (*yaml.Node, error) {
	fileErr := func(line int, format string, args ...any) error {
		return &FieldError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
	}
	const empty = "empty file: a scenario needs name, run, teams and channels"
	if len(data) > maxFileSize {
		return nil, fileErr(0, "larger than 10 MiB, the limit for a scenario file")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fileErr(0, empty)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err == io.EOF || err == nil && len(doc.Content) == 0 {
		return nil, fileErr(0, empty)
	} else if err != nil {
		return nil, yamlError(file, err)
	}
	// viper would read the first document and drop the rest unseen.
	var next yaml.Node
	if err := dec.Decode(&next); err == nil && !isNull(&next) {
		return nil, fileErr(next.Line, "holds a second YAML document (after ---); put each scenario in a file of its own")
	} else if err != nil && err != io.EOF {
		return nil, yamlError(file, err)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fileErr(root.Line, "the top level must be %s; got %s", topLevel, describeNode(root))
	}
	return root, nil
}

// decode reads data with viper into the raw structs, reporting unknown keys
// and values of the wrong form to p, and returns the keys of the latter
// (see checkShape). The error is viper's, for YAML it cannot read.
func decode(p *problems, data []byte) (raw *rawScenario, wrong []string, err error) {
	// One viper per file: viper's global instance would mix files.
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, nil, err
	}
	wrong = checkShape(p, "", v.AllSettings(), reflect.TypeFor[rawScenario](), topLevel)
	raw = new(rawScenario)
	err = v.Unmarshal(raw, func(c *mapstructure.DecoderConfig) {
		// Scalars are decoded as any and converted by build; no hook or
		// weak typing may turn a scalar into a list or a string into a
		// time.Duration behind its back.
		c.DecodeHook = nil
		c.WeaklyTypedInput = false
	})
	if err != nil && len(wrong) == 0 {
		// checkShape reports everything mapstructure can reject, better
		// worded; this guards against a change in either.
		var de *mapstructure.DecodeError
		key := ""
		if errors.As(err, &de) {
			key = de.Name()
		}
		p.add(key, "has a value of the wrong form (peaksim failed to say which; please report it)")
	}
	return raw, wrong, nil
}

// under reports whether key is one of roots or inside one.
func under(key string, roots []string) bool {
	for _, r := range roots {
		if key == r || strings.HasPrefix(key, r+".") || strings.HasPrefix(key, r+"[") {
			return true
		}
	}
	return false
}

// yamlLine finds the line yaml.v3 puts in its messages ("yaml: line 3: ...",
// or "line 3: ..." after "unmarshal errors:").
var yamlLine = regexp.MustCompile(`^(?:While parsing config: )?yaml: (?:unmarshal errors:\s*)?(?:line (\d+): )?`)

// yamlError turns a YAML syntax error into file:line: not valid YAML: ...
func yamlError(file string, err error) error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.Join(strings.Fields(msg), " ") // one line, even for several unmarshal errors
	return &FieldError{File: file, Line: line, Err: fmt.Errorf("not valid YAML: %s", msg)}
}

func isNull(doc *yaml.Node) bool {
	return len(doc.Content) == 1 && doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null"
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return strconv.Quote(truncate(n.Value))
}

// checkKeys reports what viper would silently get wrong: keys that differ
// only in case (viper lower-cases keys and keeps one of them at random),
// keys with a dot (viper's path separator) and keys that are not scalars. yaml.v3 leaves exact duplicates to its
// decoder, so those are caught here too, with both lines.
func checkKeys(p *problems, key string, n *yaml.Node) {
	switch n.Kind {
	case yaml.SequenceNode:
		for i, item := range n.Content {
			checkKeys(p, key+"["+strconv.Itoa(i)+"]", item)
		}
	case yaml.MappingNode:
		// These problems carry the key's own line: lineOf would find the
		// first of two keys, or the nested key a dotted one stands for.
		bad := func(k *yaml.Node, key, format string, args ...any) {
			*p = append(*p, &FieldError{Key: key, Line: k.Line, Err: fmt.Errorf(format, args...)})
		}
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			lower := strings.ToLower(k.Value)
			path := joinKey(key, lower)
			switch first, twice := seen[lower]; {
			case k.Kind != yaml.ScalarNode:
				bad(k, key, "a key must be a plain word, got %s", describeNode(k))
			case k.Tag == "!!null":
				// viper drops a null key and its value unseen.
				bad(k, joinKey(key, k.Value), "a key must be a plain word, not %s, which YAML reads as null: its value would be dropped unseen", k.Value)
			case strings.TrimSpace(k.Value) == "":
				bad(k, joinKey(key, strconv.Quote(k.Value)), "a key must be a plain word, not an empty string: its value would be dropped unseen")
			case strings.Contains(k.Value, "."):
				// viper would read "run.horizon:" as horizon inside run,
				// beside (or instead of) the one in run's own mapping.
				bad(k, path, "a key cannot contain '.'; write nested keys as nested mappings")
			case twice:
				bad(k, path, "given twice, here and on line %d (keys ignore letter case)", first.Line)
			case path == "variants", lower == "set" && strings.HasPrefix(key, "forecast["):
				// A variant's set keys are dotted paths, and so are a
				// forecast case's; variants and caseScenarios check them.
				seen[lower] = k
			default:
				seen[lower] = k
				checkKeys(p, path, val)
			}
		}
	}
}

// lineOf returns the line of key (such as channels[0].handle_time.mean) in
// the mapping root, or of its nearest ancestor present in the file when the
// key is missing; 0 when not even the first key is there. Keys compare
// without case, as viper lower-cases them.
func lineOf(root *yaml.Node, key string) int {
	line, n := 0, root
	for _, seg := range splitKey(key) {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if i, err := strconv.Atoi(seg); err == nil {
			if n.Kind != yaml.SequenceNode || i >= len(n.Content) {
				break
			}
			n = n.Content[i]
			line = n.Line
			continue
		}
		if n.Kind != yaml.MappingNode {
			break
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if strings.EqualFold(n.Content[i].Value, seg) {
				line, n, found = n.Content[i].Line, n.Content[i+1], true
				break
			}
		}
		if !found {
			break
		}
	}
	return line
}

// splitKey splits channels[0].handle_time into channels, 0, handle_time.
func splitKey(key string) []string {
	if key == "" {
		return nil
	}
	return strings.FieldsFunc(key, func(r rune) bool { return r == '.' || r == '[' || r == ']' })
}

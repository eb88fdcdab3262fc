package scenarios

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxVariants bounds the variants of a file: each is a full run.
const maxVariants = 20

// setSegment is one segment of a variants[].set path: a key, or a list
// element by name, optionally followed by an index.
var setSegment = regexp.MustCompile(`^([A-Za-z0-9_-]+)(?:\[(\d+)\])?$`)

// variants builds the variants a file declares under variants:, each a
// copy of the file's document with its set paths replaced, checked like a
// file of its own. The base must already have parsed without problems;
// base are its thresholds.
// Problems are reported at the line of the set entry (or the variant) that
// caused them.
func variants(file string, root, node *yaml.Node, base []Threshold) ([]*Scenario, error) {
	var p problems
	line := func(key string) int { return lineOf(root, key) }
	if node.Kind != yaml.SequenceNode || len(node.Content) == 0 {
		p.add("variants", "must be a list of at least one variant, each a mapping with name and set, e.g. [{name: as-is}, {name: more-staff, set: {teams.claims.headcount: 30}}]")
		return nil, p.err(file, line)
	}
	if len(node.Content) > maxVariants {
		p.add("variants", "must have at most %d variants, got %d", maxVariants, len(node.Content))
		return nil, p.err(file, line)
	}
	var out []*Scenario
	seen := map[string]string{}
	for i, v := range node.Content {
		key := "variants[" + strconv.Itoa(i) + "]"
		// A variant with problems of its own is not built; the others
		// still are, so that one pass reports every problem.
		before := len(p)
		if v.Kind != yaml.MappingNode {
			p.add(key, "must be a mapping with name, description and set; got %s", describeNode(v))
			continue
		}
		var name, description string
		var set *yaml.Node
		for j := 0; j+1 < len(v.Content); j += 2 {
			k, val := v.Content[j].Value, v.Content[j+1]
			switch k {
			case "name":
				name = p.name(key+".name", scalarValue(val))
				p.unique(seen, key, name, "variant")
			case "description":
				// The same rules as the file's own description: it is shown
				// in the same places.
				description = p.description(key+".description", scalarValue(val))
			case "set":
				if val.Kind != yaml.MappingNode {
					p.add(key+".set", "must be a mapping of key paths to values, e.g. {teams.claims.headcount: 30}; got %s", describeNode(val))
					continue
				}
				set = val
			default:
				p.add(key+"."+k, "unknown key; the keys of a variant are name, description and set")
			}
		}
		if name == "" && !slices.ContainsFunc(p, func(e *FieldError) bool { return e.Key == key+".name" }) {
			p.add(key+".name", "required: the variant's name")
		}
		if len(p) > before {
			continue
		}
		sc, sp := derived(file, root, key, "variant "+name, v, set)
		if len(sp) > 0 {
			p = append(p, sp...)
			continue
		}
		if tp := variantThresholds(key, name, v, sc.Thresholds, base, elementNames(node)); len(tp) > 0 {
			p = append(p, tp...)
			continue
		}
		sc.Variant, sc.YAML = name, nil
		if description != "" {
			sc.Description = description
		}
		if len(out) > 0 && i > 0 {
			if what := clockChange(out[0], sc); what != "" {
				fe := &FieldError{Key: key, Line: v.Line, Err: fmt.Errorf("changes the %s of the baseline (%s): a variant is compared with the baseline day by day and replication by replication, on the same clock and in the same currency; run it as a file of its own instead", what, out[0].Variant)}
				for j := 0; set != nil && j+1 < len(set.Content); j += 2 {
					if path := set.Content[j].Value; strings.HasPrefix(path, "calendar") || strings.HasPrefix(path, "run.horizon") || strings.HasPrefix(path, "run.warmup") || path == "currency" {
						fe.Key, fe.Line = key+".set."+path, set.Content[j].Line
						break
					}
				}
				p = append(p, fe)
				continue
			}
		}
		out = append(out, sc)
	}
	if err := p.err(file, line); err != nil {
		return nil, err
	}
	return out, nil
}

// clockChange names what variant changes of the clock of base, the
// baseline, that would make their comparison unpaired: a season's first or
// last day, a contact centre's horizon or warm-up; empty when nothing.
func clockChange(base, variant *Scenario) string {
	switch {
	case (base.Season == nil) != (variant.Season == nil):
		return "kind (a season against a contact centre)"
	case base.Season != nil && base.Season.Calendar.Start != variant.Season.Calendar.Start:
		return "first day"
	case base.Season != nil && base.Season.Calendar.End != variant.Season.Calendar.End:
		return "last day"
	case base.Horizon != variant.Horizon:
		return "horizon"
	case base.Warmup != variant.Warmup:
		return "warm-up"
	case base.Currency != variant.Currency:
		return "currency"
	}
	return ""
}

// derived returns the scenario of the file's document root with set's
// paths replaced (set may be nil), without its variants: a variant's, or
// a forecast case's (entry, at key; what names it in messages). Its problems are placed at the set entry that caused
// them, or at entry.
func derived(file string, root *yaml.Node, key, what string, entry, set *yaml.Node) (*Scenario, problems) {
	var p problems
	doc := clone(root)
	removeKey(doc, "variants")
	var resolved []string // each set path as the loader writes keys
	if set != nil {
		for j := 0; j+1 < len(set.Content); j += 2 {
			path, val := set.Content[j].Value, set.Content[j+1]
			r, err := applySet(doc, path, val)
			if err != nil {
				p = append(p, &FieldError{Line: set.Content[j].Line, Key: key + ".set." + path, Err: err})
			}
			resolved = append(resolved, r)
		}
	}
	if len(p) > 0 {
		return nil, p
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		p.add(key, "cannot be written out: %v", err)
		return nil, p
	}
	sc, err := parse(file, data, true)
	if err != nil {
		return nil, variantProblems(file, key, what, entry, set, resolved, err)
	}
	return sc, nil
}

// variantProblems places the problems of a variant's document (or a
// forecast case's, what names it) at the set entry whose path leads to
// their key (the longest such path, when one entry sets a mapping and
// another a key inside it), or else at the entry. The problems of another
// file (a trace) keep their own place.
func variantProblems(file, key, what string, v, set *yaml.Node, resolved []string, err error) problems {
	var out problems
	var fes []*FieldError
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			var fe *FieldError
			if errors.As(e, &fe) {
				fes = append(fes, fe)
			}
		}
	} else if fe := (*FieldError)(nil); errors.As(err, &fe) {
		fes = append(fes, fe)
	}
	for _, fe := range fes {
		if fe.File != "" && fe.File != file {
			out = append(out, fe)
			continue
		}
		line, at, longest := v.Line, key, 0
		for j, r := range resolved {
			if r != "" && len(r) > longest && under(fe.Key, []string{r}) {
				line, at, longest = set.Content[2*j].Line, key+".set."+set.Content[2*j].Value, len(r)
			}
		}
		problem := fe.Err.Error()
		if fe.Key != "" {
			problem = fe.Key + ": " + problem
		}
		out = append(out, &FieldError{Line: line, Key: at, Err: fmt.Errorf("in %s, %s", what, problem)})
	}
	return out
}

// applySet replaces the node at path in doc with value. A segment after a
// list picks the element whose name is the segment; [N] after a segment
// picks element N of the list it names. Keys match without regard to case,
// as the loader reads them. It returns the path as the loader writes keys
// (teams[2].headcount), to place the problems of the value.
func applySet(doc *yaml.Node, path string, value *yaml.Node) (string, error) {
	first, _, _ := strings.Cut(strings.ToLower(path), ".")
	first, _, _ = strings.Cut(first, "[")
	switch {
	case first == "name" || first == "variants":
		return "", fmt.Errorf("a variant cannot change %s", first)
	case first == "run" && slices.Contains([]string{"run", "run.seed", "run.replications"}, strings.ToLower(path)):
		return "", errors.New("variants share the seed and the number of replications, so that they run on common random numbers and their differences are paired")
	}
	if a := findAlias(value); a != nil {
		return "", fmt.Errorf("the value holds an alias (*%s); write the value out in full", a.Value)
	}
	segs := strings.Split(path, ".")
	// where names the node a segment looks into, for messages.
	where := func(i int) string {
		if i == 0 {
			return "the top level of the file"
		}
		return strings.Join(segs[:i], ".")
	}
	cur, resolved := doc, ""
	for i, seg := range segs {
		m := setSegment.FindStringSubmatch(seg)
		if m == nil {
			return "", fmt.Errorf("%q is not a key, a name or key[N]", seg)
		}
		last := i == len(segs)-1
		var slot **yaml.Node
		switch cur.Kind {
		case yaml.MappingNode:
			j := mapIndex(cur, m[1])
			if j < 0 {
				if last && m[2] == "" {
					cur.Content = append(cur.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: m[1]}, cloneValue(value))
					return joinKey(resolved, strings.ToLower(m[1])), nil
				}
				return "", fmt.Errorf("no key %s in %s; the keys there are %s", m[1], where(i), strings.Join(mapKeys(cur), ", "))
			}
			slot = &cur.Content[j+1]
			resolved = joinKey(resolved, strings.ToLower(m[1]))
		case yaml.SequenceNode:
			j := slices.IndexFunc(cur.Content, func(n *yaml.Node) bool {
				k := mapIndex(n, "name")
				return k >= 0 && n.Content[k+1].Value == m[1]
			})
			if j < 0 {
				noun := entryNoun(segs[i-1])
				names := "there are none"
				if n := elementNames(cur); len(n) > 0 {
					names = "the " + noun + "s there are " + strings.Join(n, ", ")
				}
				return "", fmt.Errorf("no %s named %q in %s; %s", noun, m[1], where(i), names)
			}
			slot = &cur.Content[j]
			resolved += "[" + strconv.Itoa(j) + "]"
		default:
			return "", fmt.Errorf("%s is a single value, with nothing under it", where(i))
		}
		if m[2] != "" {
			n, _ := strconv.Atoi(m[2])
			if err := throughAlias(*slot, segs[:i+1]); err != nil {
				return "", err
			}
			if (*slot).Kind != yaml.SequenceNode || n >= len((*slot).Content) {
				return "", fmt.Errorf("%s has no element %d", strings.Join(append(segs[:i:i], m[1]), "."), n)
			}
			slot = &(*slot).Content[n]
			resolved += "[" + m[2] + "]"
		}
		if last {
			// The new value keeps the anchor of the old: the aliases of it
			// elsewhere in the file now stand for the new value.
			anchor := (*slot).Anchor
			*slot = cloneValue(value)
			(*slot).Anchor = anchor
			return resolved, nil
		}
		if err := throughAlias(*slot, segs[:i+1]); err != nil {
			return "", err
		}
		cur = *slot
	}
	return resolved, nil
}

// throughAlias refuses a set path that goes on into an alias (*x): the
// change would be to the anchored value, and so to every alias of it, which
// the path does not say. Changing the anchored value at its own path does
// just that, and says so.
func throughAlias(n *yaml.Node, segs []string) error {
	if n.Kind != yaml.AliasNode {
		return nil
	}
	return fmt.Errorf("%s is an alias (*%s): change the value where its anchor (&%s) is, which changes every alias of it, or write the value out here in the file", strings.Join(segs, "."), n.Value, n.Value)
}

// findAlias returns the first alias in the tree n, or nil.
func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// entryNoun names an element of the list under key, for messages: a team
// of teams, a step of a workflow.
func entryNoun(key string) string {
	key, _, _ = strings.Cut(strings.ToLower(key), "[")
	switch key {
	case "workflow":
		return "step"
	case "stock":
		return "product group"
	case "teams", "channels", "exceptions", "promises", "shifts":
		return strings.TrimSuffix(key, "s")
	}
	return "element"
}

// mapIndex returns the index in n.Content of the key named key, matched
// without regard to case as viper matches keys, or -1.
func mapIndex(n *yaml.Node, key string) int {
	if n.Kind != yaml.MappingNode {
		return -1
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if strings.EqualFold(n.Content[i].Value, key) {
			return i
		}
	}
	return -1
}

func mapKeys(n *yaml.Node) []string {
	var keys []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return keys
}

func elementNames(n *yaml.Node) []string {
	var names []string
	for _, e := range n.Content {
		if k := mapIndex(e, "name"); k >= 0 {
			names = append(names, e.Content[k+1].Value)
		}
	}
	return names
}

func removeKey(n *yaml.Node, key string) {
	if i := mapIndex(n, key); i >= 0 {
		n.Content = slices.Delete(n.Content, i, i+2)
	}
}

// clone copies a node tree. Aliases are not expanded (a document of
// nested aliases can stand for an enormous one): they are written out as
// aliases again.
func clone(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		c.Content[i] = clone(child)
	}
	return &c
}

// cloneValue copies a set value without its anchors: an anchor defined in
// it would take over the name of one in the file for the aliases after it.
func cloneValue(n *yaml.Node) *yaml.Node {
	c := clone(n)
	var drop func(*yaml.Node)
	drop = func(n *yaml.Node) {
		n.Anchor = ""
		for _, child := range n.Content {
			drop(child)
		}
	}
	drop(c)
	return c
}

// scalarValue returns a node's value as the loader's raw values are, for
// the checks of build: a string for text, a number for a number.
func scalarValue(n *yaml.Node) any {
	var v any
	if err := n.Decode(&v); err != nil {
		return nil
	}
	return v
}

// Setting is one key path and the value a derived scenario gives it, as
// YAML text (30, 48h, {dist: exponential, mean: 2d}).
type Setting struct {
	Path, Value string
}

// Derive returns the scenario sc with the settings applied to its file, as
// a variant named name: the points of a sweep. The file's own variants are
// left out; the settings follow the rules of variants[].set.
func Derive(sc *Scenario, name string, settings []Setting) (*Scenario, error) {
	root, err := parseYAML(sc.Source, sc.YAML)
	if err != nil {
		return nil, err
	}
	doc := clone(root)
	removeKey(doc, "variants")
	for _, st := range settings {
		var value yaml.Node
		if err := yaml.Unmarshal([]byte(st.Value), &value); err != nil || len(value.Content) != 1 {
			return nil, fmt.Errorf("%s=%s: not a YAML value", st.Path, st.Value)
		}
		if _, err := applySet(doc, st.Path, value.Content[0]); err != nil {
			return nil, fmt.Errorf("%s: %w", st.Path, err)
		}
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		return nil, err
	}
	d, err := parse(sc.Source, data, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// Its forecast cases are the derived file's, with their own sets.
	if err := caseScenarios(sc.Source, doc, d).err(sc.Source, func(key string) int { return lineOf(doc, key) }); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d.Variant, d.YAML, d.Source, d.Point = name, sc.YAML, sc.Source, settings
	d.Seed, d.Replications = sc.Seed, sc.Replications
	return d, nil
}

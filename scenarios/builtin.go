package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// builtinFiles holds the built-in scenarios: the default contact centre at
// the top, and the textbook queues of the validation tests in textbook/.
// Each file is named after the scenario in it.
//
//go:embed builtin/*.yaml builtin/textbook/*.yaml builtin/stories/*.yaml
var builtinFiles embed.FS

// builtinGlobs are where the built-in name may be, in this order.
func builtinGlobs(name string) []string {
	return []string{"builtin/" + name + ".yaml", "builtin/*/" + name + ".yaml"}
}

// Builtin returns the built-in scenario name, with Source "builtin:NAME".
func Builtin(name string) (*Scenario, error) {
	source := "builtin:" + name
	file, ok := builtinFile(name)
	if !ok {
		return nil, &FieldError{File: source, Err: fmt.Errorf("no built-in scenario of that name; the built-ins are %s", builtinNames())}
	}
	data, err := builtinFiles.ReadFile(file)
	if err != nil {
		return nil, &FieldError{File: source, Err: err}
	}
	return Parse(source, data)
}

// builtinFile returns the embedded path of the built-in name.
func builtinFile(name string) (string, bool) {
	// The name rule also keeps glob characters out of the patterns.
	if !namePattern.MatchString(name) {
		return "", false
	}
	for _, glob := range builtinGlobs(name) {
		if m, _ := fs.Glob(builtinFiles, glob); len(m) > 0 {
			return m[0], true
		}
	}
	return "", false
}

// Builtins lists the built-in scenarios, sorted by name.
func Builtins() []Info {
	var infos []Info
	for _, name := range builtinList() {
		info := Info{Name: name}
		if s, err := Builtin(name); err != nil {
			info.Description = "(broken: " + err.Error() + ")"
		} else {
			info.Description = s.Description
		}
		infos = append(infos, info)
	}
	return infos
}

// builtinList returns the names of the built-ins, sorted.
func builtinList() []string {
	var names []string
	for _, glob := range builtinGlobs("*") {
		files, _ := fs.Glob(builtinFiles, glob)
		for _, f := range files {
			names = append(names, strings.TrimSuffix(path.Base(f), ".yaml"))
		}
	}
	slices.Sort(names)
	return names
}

func builtinNames() string { return strings.Join(builtinList(), ", ") }

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDocsYAMLParses reads every YAML block of the docs and the README, a
// shortened one without its elisions (a line "...").
func TestDocsYAMLParses(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"README.md"}
	for _, p := range pages {
		names = append(names, filepath.Base(p))
	}
	parsed := 0
	for _, name := range names {
		for _, b := range docBlocks(t, name) {
			if b.lang != "yaml" {
				continue
			}
			var kept []string
			for _, line := range strings.Split(b.text, "\n") {
				if strings.TrimSpace(line) != "..." {
					kept = append(kept, line)
				}
			}
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(strings.Join(kept, "\n")), &doc); err != nil {
				t.Errorf("%s: %v", b.where(), err)
			}
			parsed++
		}
	}
	if parsed == 0 {
		t.Fatal("no YAML block found in the docs")
	}
}

// k8sJob holds the fields of a Kubernetes Job that docs/distributed.md's
// example relies on for its shards.
type k8sJob struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Spec       struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    *int   `yaml:"completions"`
		Parallelism    *int   `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Name         string   `yaml:"name"`
					Command      []string `yaml:"command"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name string `yaml:"name"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// TestKubernetesJobInTheDocs checks the Indexed Job of docs/distributed.md
// with no cluster: what its shards rely on, by rule; the whole manifest by
// kubectl, which reads it as a batch/v1 Job offline; and the peaksim
// command its pods run, by running it for shard 0.
func TestKubernetesJobInTheDocs(t *testing.T) {
	blocks := docBlocks(t, "distributed.md")
	manifest := docBlockIn(t, blocks, "Kubernetes", "kind: Job")
	merge := docBlockIn(t, blocks, "Kubernetes", "peaksim merge")
	var job k8sJob
	if err := yaml.Unmarshal([]byte(manifest.text), &job); err != nil {
		t.Fatalf("%s: %v", manifest.where(), err)
	}
	at := manifest.where()
	if job.APIVersion != "batch/v1" || job.Kind != "Job" {
		t.Errorf("%s: a %s %s, want a batch/v1 Job", at, job.APIVersion, job.Kind)
	}
	// Only an Indexed Job gives its pods JOB_COMPLETION_INDEX.
	if job.Spec.CompletionMode != "Indexed" {
		t.Errorf("%s: spec.completionMode is %q, want Indexed", at, job.Spec.CompletionMode)
	}
	if p := job.Spec.Template.Spec.RestartPolicy; p != "Never" && p != "OnFailure" {
		t.Errorf("%s: restartPolicy %q; a Job's pods take Never or OnFailure", at, p)
	}
	containers := job.Spec.Template.Spec.Containers
	if len(containers) != 1 {
		t.Fatalf("%s: %d containers, want the one that runs peaksim", at, len(containers))
	}
	c := containers[0]
	args, ok := strings.CutPrefix(strings.Join(c.Command, " "), "go run ./cmd/peaksim ")
	if !ok {
		t.Fatalf("%s: the container runs %q, not go run ./cmd/peaksim", at, c.Command)
	}
	command := strings.Fields(args)
	shards := shardCount(t, at, command, "auto/")
	for _, f := range []struct {
		name string
		n    *int
	}{{"completions", job.Spec.Completions}, {"parallelism", job.Spec.Parallelism}} {
		if f.n == nil || *f.n != shards {
			t.Errorf("%s: spec.%s is %v, want %d, the shard count of --shard auto/%d", at, f.name, f.n, shards, shards)
		}
	}
	volumes := map[string]bool{}
	for _, v := range job.Spec.Template.Spec.Volumes {
		volumes[v.Name] = true
	}
	out := flagValue(command, "--out")
	if !strings.Contains(out, "$(JOB_COMPLETION_INDEX)") {
		t.Errorf("%s: --out %q does not hold $(JOB_COMPLETION_INDEX): the shards would write over each other", at, out)
	}
	mounted := false
	for _, m := range c.VolumeMounts {
		if !volumes[m.Name] {
			t.Errorf("%s: volumeMount %q names no volume of the pod", at, m.Name)
		}
		mounted = mounted || strings.HasPrefix(out, m.MountPath+"/")
	}
	if !mounted {
		t.Errorf("%s: --out %q is on no volume: the merge would not find it", at, out)
	}
	glob := mergeGlob(t, merge)
	if ok, _ := path.Match(glob, strings.ReplaceAll(out, "$(JOB_COMPLETION_INDEX)", "0")); !ok {
		t.Errorf("%s: the merge reads %s, which does not match the shards' --out %s", merge.where(), glob, out)
	}

	t.Run("the pods' command runs", func(t *testing.T) {
		// As the kubelet expands $(JOB_COMPLETION_INDEX) for pod 0, with
		// one replication to keep it short and the volume a folder.
		dir := t.TempDir()
		args := setFlag(t, at, command, "--replications", "1")
		file := filepath.Join(dir, "shard-0.json")
		args = setFlag(t, at, args, "--out", file)
		env := func(k string) string {
			if k == "JOB_COMPLETION_INDEX" {
				return "0"
			}
			return ""
		}
		runDocumented(t, at, args, env, file)
	})

	t.Run("kubectl reads it as a Job", func(t *testing.T) {
		kubectl, err := exec.LookPath("kubectl")
		if err != nil {
			msg := "no kubectl on PATH; install it (Debian: apt-get install kubernetes-client) to check the Job of docs/distributed.md"
			if os.Getenv("CI") == "true" {
				t.Fatal(msg + " (CI=true, so this fails instead of skipping)")
			}
			t.Skip(msg)
		}
		checkWithKubectl(t, kubectl, manifest)
	})
}

// newerThanKubectl lists the Job fields of the page that a kubectl older
// than the given minor version does not know, and drops: Debian
// bookworm's kubernetes-client is 1.20, and Indexed Jobs came in 1.21.
// The rules above check these fields instead.
var newerThanKubectl = map[string]int{"spec.completionMode": 21}

// checkWithKubectl has kubectl decode the manifest as the typed object of
// its kind and print it back. kubectl create --dry-run=client would need
// an API server even so (to map the kind to a resource); kubectl set env
// --local needs none, and fails on a kind or a value of the wrong type.
// A field kubectl does not know (a typo) it drops: every field of the
// page must come back.
func checkWithKubectl(t *testing.T, kubectl string, manifest docBlock) {
	dir := t.TempDir()
	file := filepath.Join(dir, "job.yaml")
	if err := os.WriteFile(file, []byte(manifest.text), 0o644); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KUBECONFIG=") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+dir) // no kubeconfig: no cluster to reach
	kube := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(kubectl, args...)
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: kubectl %s: %v\n%s", manifest.where(), strings.Join(args, " "), err, stderr.String())
		}
		return out
	}
	var version struct {
		ClientVersion struct {
			GitVersion string `json:"gitVersion"`
			Minor      string `json:"minor"`
		} `json:"clientVersion"`
	}
	if err := json.Unmarshal(kube("version", "--client", "-o", "json"), &version); err != nil {
		t.Fatal(err)
	}
	minor, _ := strconv.Atoi(strings.TrimRight(version.ClientVersion.Minor, "+"))
	echoed := kube("set", "env", "--local", "-f", file, "-o", "yaml", "PEAKSIM_DOCS_CHECK=1")

	var page, back any
	if err := yaml.Unmarshal([]byte(manifest.text), &page); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(echoed, &back); err != nil {
		t.Fatalf("kubectl's output: %v\n%s", err, echoed)
	}
	got := map[string]string{}
	leaves("", back, got)
	want := map[string]string{}
	leaves("", page, want)
	for _, key := range slices.Sorted(maps.Keys(want)) {
		v, ok := got[key]
		switch {
		case ok && v == want[key]:
		case ok:
			t.Errorf("%s: kubectl %s reads %s as %s, not %s", manifest.where(), version.ClientVersion.GitVersion, key, v, want[key])
		case minor > 0 && minor < newerThanKubectl[key]:
			t.Logf("kubectl %s predates %s (1.%d): checked by rule instead", version.ClientVersion.GitVersion, key, newerThanKubectl[key])
		default:
			t.Errorf("%s: kubectl %s drops %s: not a field of a %s it knows (a typo?)", manifest.where(), version.ClientVersion.GitVersion, key, want["kind"])
		}
	}
}

// leaves flattens a YAML value into its scalar leaves by path
// (spec.template.spec.containers[0].name).
func leaves(prefix string, v any, into map[string]string) {
	join := func(key string) string {
		if prefix == "" {
			return key
		}
		return prefix + "." + key
	}
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			leaves(join(k), sub, into)
		}
	case []any:
		for i, sub := range v {
			leaves(fmt.Sprintf("%s[%d]", prefix, i), sub, into)
		}
	default:
		into[prefix] = fmt.Sprint(v)
	}
}

// The keys a GitHub Actions workflow, job and step may have, from GitHub's
// "Workflow syntax" reference, so that a misspelt key fails; and the forms
// of an action's reference and of a matrix value in an expression.
var (
	workflowKeys = []string{"name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"}
	jobKeys      = []string{"name", "permissions", "needs", "if", "runs-on", "environment", "concurrency", "outputs",
		"env", "defaults", "steps", "timeout-minutes", "strategy", "continue-on-error", "container", "services", "uses", "with", "secrets"}
	stepKeys = []string{"id", "if", "name", "uses", "run", "working-directory", "shell", "with", "env",
		"continue-on-error", "timeout-minutes"}
	actionRef  = regexp.MustCompile(`^[\w.-]+/[\w./-]+@[\w.-]+$`)
	matrixExpr = regexp.MustCompile(`\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}`)
)

// checkWorkflow checks what can be checked of a workflow offline: its keys,
// that every job runs somewhere and has steps, that each step uses an
// action at a version or runs a command, that needs names jobs of the
// workflow and matrix.X keys of the job's matrix. It returns the workflow.
func checkWorkflow(t *testing.T, b docBlock) map[string]any {
	t.Helper()
	var wf map[string]any
	if err := yaml.Unmarshal([]byte(b.text), &wf); err != nil {
		t.Fatalf("%s: %v", b.where(), err)
	}
	at := b.where()
	unknownKeys(t, at, "the workflow", wf, workflowKeys)
	if wf["on"] == nil {
		t.Errorf("%s: the workflow has no on: it never runs", at)
	}
	jobs, _ := wf["jobs"].(map[string]any)
	if len(jobs) == 0 {
		t.Fatalf("%s: the workflow has no jobs", at)
	}
	for _, name := range slices.Sorted(maps.Keys(jobs)) {
		job, _ := jobs[name].(map[string]any)
		where := "job " + name
		unknownKeys(t, at, where, job, jobKeys)
		if job["runs-on"] == nil {
			t.Errorf("%s: %s has no runs-on", at, where)
		}
		var needs []any
		switch n := job["needs"].(type) {
		case string:
			needs = []any{n}
		case []any:
			needs = n
		}
		for _, n := range needs {
			if s, _ := n.(string); jobs[s] == nil {
				t.Errorf("%s: %s needs %v, which is not a job of the workflow", at, where, n)
			}
		}
		strategy, _ := job["strategy"].(map[string]any)
		matrix, _ := strategy["matrix"].(map[string]any)
		steps, _ := job["steps"].([]any)
		if len(steps) == 0 {
			t.Errorf("%s: %s has no steps", at, where)
		}
		for i, s := range steps {
			step, _ := s.(map[string]any)
			where := fmt.Sprintf("job %s, step %d", name, i+1)
			unknownKeys(t, at, where, step, stepKeys)
			uses, hasUses := step["uses"].(string)
			_, hasRun := step["run"].(string)
			switch {
			case hasUses == hasRun:
				t.Errorf("%s: %s must have one of uses and run", at, where)
			case hasUses && !actionRef.MatchString(uses):
				t.Errorf("%s: %s uses %q, not owner/action@version", at, where, uses)
			case hasRun && step["with"] != nil:
				t.Errorf("%s: %s has with: but runs a command, not an action", at, where)
			}
		}
		text, _ := yaml.Marshal(job)
		for _, m := range matrixExpr.FindAllStringSubmatch(string(text), -1) {
			if _, ok := matrix[m[1]]; !ok {
				t.Errorf("%s: %s uses matrix.%s, which its matrix does not define", at, where, m[1])
			}
		}
	}
	return wf
}

func unknownKeys(t *testing.T, at, where string, m map[string]any, known []string) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(known, k) {
			t.Errorf("%s: %s has the key %q, which GitHub Actions does not know", at, where, k)
		}
	}
}

// TestGitHubWorkflowInCIDocs checks the workflow of docs/ci.md, and that
// it installs this module's command.
func TestGitHubWorkflowInCIDocs(t *testing.T) {
	b := docBlockIn(t, docBlocks(t, "ci.md"), "GitHub Actions", "jobs:")
	checkWorkflow(t, b)
	mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	module, _, _ := strings.Cut(strings.TrimPrefix(string(mod), "module "), "\n")
	if want := "go install " + module + "/cmd/peaksim@"; !strings.Contains(b.text, want) {
		t.Errorf("%s: the workflow does not %s…, this module's command", b.where(), want)
	}
}

// TestGitHubMatrixInTheDocs checks the matrix of docs/distributed.md: the
// workflow, that the matrix lists shards 0 to n-1 of the command's k/n,
// that the merge reads what the shards upload, and that the command runs
// for shard 0.
func TestGitHubMatrixInTheDocs(t *testing.T) {
	b := docBlockIn(t, docBlocks(t, "distributed.md"), "GitHub Actions", "jobs:")
	at := b.where()
	wf := checkWorkflow(t, b)
	jobs := wf["jobs"].(map[string]any)
	var command, upload, download, merge string
	for _, name := range slices.Sorted(maps.Keys(jobs)) {
		steps, _ := jobs[name].(map[string]any)["steps"].([]any)
		for _, s := range steps {
			step, _ := s.(map[string]any)
			run, _ := step["run"].(string)
			uses, _ := step["uses"].(string)
			with, _ := step["with"].(map[string]any)
			switch {
			case strings.Contains(run, "peaksim run"):
				command = run
			case strings.Contains(run, "peaksim merge"):
				merge = run
			case strings.HasPrefix(uses, "actions/upload-artifact@") && command != "" && upload == "":
				upload, _ = with["path"].(string)
			case strings.HasPrefix(uses, "actions/download-artifact@"):
				download, _ = with["path"].(string)
			}
		}
	}
	if command == "" || merge == "" {
		t.Fatalf("%s: the workflow has no step that runs peaksim run, or none that merges", at)
	}
	args, ok := strings.CutPrefix(command, "go run ./cmd/peaksim ")
	if !ok {
		t.Fatalf("%s: the shard step runs %q, not go run ./cmd/peaksim", at, command)
	}
	// The shard's command as the runner of matrix.shard 0 has it.
	shard0 := strings.Fields(strings.ReplaceAll(args, "${{ matrix.shard }}", "0"))
	shards := shardCount(t, at, shard0, "0/")
	var listed []int
	for _, job := range jobs {
		strategy, _ := job.(map[string]any)["strategy"].(map[string]any)
		matrix, _ := strategy["matrix"].(map[string]any)
		list, _ := matrix["shard"].([]any)
		for _, v := range list {
			n, _ := v.(int)
			listed = append(listed, n)
		}
	}
	var want []int
	for k := range shards {
		want = append(want, k)
	}
	if !slices.Equal(listed, want) {
		t.Errorf("%s: the matrix lists shards %v; --shard k/%d wants %v", at, listed, shards, want)
	}
	glob := mergeGlob(t, docBlock{page: b.page, line: b.line, text: merge})
	if ok, _ := path.Match(glob, path.Join(download, strings.ReplaceAll(upload, "${{ matrix.shard }}", "0"))); !ok {
		t.Errorf("%s: the merge reads %s; the shards are uploaded as %s and downloaded to %s", at, glob, upload, download)
	}

	t.Run("the shards' command runs", func(t *testing.T) {
		dir := t.TempDir()
		args := setFlag(t, at, shard0, "--replications", "1")
		file := filepath.Join(dir, "shard-0.json")
		args = setFlag(t, at, args, "--out", file)
		runDocumented(t, at, args, func(string) string { return "" }, file)
	})
}

// shardCount reads n from the --shard PREFIXn of a documented command.
func shardCount(t *testing.T, at string, command []string, prefix string) int {
	t.Helper()
	v := flagValue(command, "--shard")
	n, err := strconv.Atoi(strings.TrimPrefix(v, prefix))
	if !strings.HasPrefix(v, prefix) || err != nil || n < 1 {
		t.Fatalf("%s: --shard %q is not %sN", at, v, prefix)
	}
	return n
}

func flagValue(args []string, name string) string {
	if i := slices.Index(args, name); i >= 0 && i+1 < len(args) {
		return args[i+1]
	}
	return ""
}

// setFlag sets the value of a flag the documented command gives.
func setFlag(t *testing.T, at string, args []string, name, value string) []string {
	t.Helper()
	i := slices.Index(args, name)
	if i < 0 || i+1 >= len(args) {
		t.Fatalf("%s: the command has no %s, which the test sets", at, name)
	}
	args = slices.Clone(args)
	args[i+1] = value
	return args
}

// mergeGlob finds the shard files a documented peaksim merge reads.
func mergeGlob(t *testing.T, b docBlock) string {
	t.Helper()
	_, rest, ok := strings.Cut(b.text, "peaksim merge ")
	fields := strings.Fields(rest)
	if !ok || len(fields) == 0 || !strings.HasSuffix(fields[0], ".json") {
		t.Fatalf("%s: no peaksim merge FILES.json", b.where())
	}
	return fields[0]
}

// runDocumented runs a documented peaksim command in-process and checks
// that it wrote its shard file.
func runDocumented(t *testing.T, at string, args []string, getenv func(string) string, file string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, getenv, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("%s: peaksim %s: exit %d: %s", at, strings.Join(args, " "), code, stderr.String())
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("%s: peaksim %s wrote no shard: %v", at, strings.Join(args, " "), err)
	}
}

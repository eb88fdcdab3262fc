//go:build linux

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSlurmArrayFromTheDocsMergesToTheSingleRun runs the Slurm example of
// docs/distributed.md on a real Slurm: a one-node cluster started on this
// machine for the test. It submits the page's job script with the page's
// submission block, 3 shards of the default season and its variants, and
// compares the merged output with a single run, byte for byte. A second
// submission runs a shard that fails, and must fail showing its log.
func TestSlurmArrayFromTheDocsMergesToTheSingleRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Slurm cluster and runs a season 24 times; skipped with -short")
	}
	blocks := docBlocks(t, "distributed.md")
	script := docBlockIn(t, blocks, "Slurm", "#SBATCH")
	submit := docBlockIn(t, blocks, "Slurm", "sbatch --array=")
	if !strings.Contains(submit.text, "peaksim.sbatch") {
		t.Fatalf("%s: the submission does not submit peaksim.sbatch, the name the page gives the script", submit.where())
	}
	const replications = "3"
	// What a two-core machine needs instead of a real cluster's values:
	// 3 shards (array 0-2, auto/3), 3 replications, one core a task so
	// that two tasks run at once on the node's two cores. Set before the
	// cluster starts, so that a page that drifted fails without Slurm.
	knobs := func(array string) (string, string) {
		return turn(t, script,
				knob{"--array=0-7", "--array=" + array, 1},
				knob{"auto/8", "auto/3", 1},
				knob{"--replications 400", "--replications " + replications, 1},
				knob{"--cpus-per-task=4", "--cpus-per-task=1", 1}),
			turn(t, submit, knob{"--array=0-7", "--array=" + array, 1})
	}
	threeScript, threeSubmit := knobs("0-2")
	failScript, failSubmit := knobs("3")

	started := time.Now()
	cluster := startSlurm(t)
	t.Logf("the cluster was up in %v", time.Since(started).Round(time.Millisecond))
	// The binary goes where the page puts it, beside the script
	// (./peaksim), built once for both submissions and the single run.
	bin := buildBinary(t, t.TempDir())

	t.Run("three shards merge to the single run", func(t *testing.T) {
		dir := t.TempDir()
		started := time.Now()
		if err := cluster.submit(dir, bin, threeScript, threeSubmit); err != nil {
			t.Fatal(err)
		}
		t.Logf("the array of 3 shards and the merge took %v", time.Since(started).Round(time.Millisecond))
		logs, _ := filepath.Glob(filepath.Join(dir, "slurm-*_*.out"))
		if len(logs) != 3 {
			t.Fatalf("Slurm wrote %d task logs, want 3 (one per shard): %v", len(logs), logs)
		}
		// Each task ran the shard of its SLURM_ARRAY_TASK_ID, a third of
		// the 12 replications.
		for k, log := range logs {
			data, err := os.ReadFile(log)
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("shard %d of 3: 4 replications in shards/shard-%d.json", k, k)
			if !strings.HasSuffix(log, fmt.Sprintf("_%d.out", k)) || !strings.Contains(string(data), want) {
				t.Errorf("%s does not say %q:\n%s", filepath.Base(log), want, data)
			}
		}

		one := filepath.Join(t.TempDir(), "one")
		// The page's script sets no --seed: both runs have the default.
		run := exec.Command(bin, "run", "christmas", "--replications", replications, "--quiet", "--out", one)
		if out, err := run.CombinedOutput(); err != nil {
			t.Fatalf("the single run: %v\n%s", err, out)
		}
		merged := filepath.Join(dir, "results")
		names := filesIn(t, one)
		if got := filesIn(t, merged); !slices.Equal(got, names) {
			t.Fatalf("the merge wrote %v, the single run %v", got, names)
		}
		if !slices.Contains(names, "results.json") {
			t.Fatalf("the single run wrote no results.json: %v", names)
		}
		for _, name := range names {
			a, err := os.ReadFile(filepath.Join(one, name))
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(merged, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s of the 3 shards merged differs from the single run's", name)
			}
		}
	})

	t.Run("a failing shard fails with its log", func(t *testing.T) {
		// Task 3 of a 3-shard array is a shard peaksim refuses: the
		// submission must fail and show what the task wrote.
		dir := t.TempDir()
		err := cluster.submit(dir, bin, failScript, failSubmit)
		if err == nil {
			t.Fatal("the submission of a failing shard succeeded")
		}
		for _, want := range []string{"_3.out", "got 3/3"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("the failure does not show %q:\n%v", want, err)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "results")); err == nil {
			t.Error("the merge ran after the array failed")
		}
	})
}

func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// slurmCluster is a one-node Slurm cluster of this machine, run by the
// user running the test: munged, slurmctld and slurmd with their own key,
// socket, ports and state in one directory. Slurm runs every job as that
// one user, so no daemon needs root.
type slurmCluster struct {
	t       *testing.T
	dir     string
	conf    string
	tools   map[string]string // sbatch, squeue... by name: their path
	daemons []*daemon         // in the order they started
}

// daemon is a process the test started and must stop: by its recorded pid.
type daemon struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
}

// slurmTools are the programs the cluster needs, all from Debian's
// slurm-wlm and munge.
var slurmTools = []string{"munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scancel"}

// startSlurm starts the cluster and stops it when the test ends, passed
// or failed. Without Slurm it skips, unless CI=true: there .ci/run
// installs it, and its absence is a failure.
func startSlurm(t *testing.T) *slurmCluster {
	t.Helper()
	tools := map[string]string{}
	var missing []string
	for _, name := range slurmTools {
		path, err := lookSbin(name)
		if err != nil {
			missing = append(missing, name)
			continue
		}
		tools[name] = path
	}
	if len(missing) > 0 {
		msg := "no Slurm: " + strings.Join(missing, ", ") + " not found; install them (Debian: apt-get install slurm-wlm munge) to run the Slurm test"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true, so this fails instead of skipping)")
		}
		t.Skip(msg)
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	// Not t.TempDir: munged wants its socket's directory open to all, and
	// a Unix socket's path short (108 bytes).
	dir, err := os.MkdirTemp("", "peaksim-slurm-")
	if err != nil {
		t.Fatal(err)
	}
	c := &slurmCluster{t: t, dir: dir, conf: filepath.Join(dir, "slurm.conf"), tools: tools}
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Cleanup(c.stop) // before the removal: cleanups run last first
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"state", "spool"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}

	key := make([]byte, 128) // what mungekey makes: 1024 bits
	rand.Read(key)
	if err := os.WriteFile(filepath.Join(dir, "munge.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(dir, "munge.socket")
	c.start("munged", tools["munged"], "--foreground", "--key-file="+filepath.Join(dir, "munge.key"), "--socket="+socket,
		"--pid-file="+filepath.Join(dir, "munged.pid"), "--seed-file="+filepath.Join(dir, "munged.seed"),
		"--log-file="+filepath.Join(dir, "munged.log"))
	c.waitFor("munged's socket", 20*time.Second, func() (bool, string) {
		_, err := os.Stat(socket)
		return err == nil, ""
	})

	// The node as slurmd finds it on this machine, so that it is not
	// drained for a mismatch: "NodeName=vm CPUs=2 ... RealMemory=24105".
	out, err := exec.Command(tools["slurmd"], "-C").Output()
	if err != nil {
		t.Fatalf("slurmd -C: %v", err)
	}
	node, _, _ := strings.Cut(string(out), "\n")
	first, _, _ := strings.Cut(node, " ")
	host, ok := strings.CutPrefix(first, "NodeName=")
	if !ok || host == "" {
		t.Fatalf("slurmd -C does not describe a node: %q", out)
	}
	ports := freePorts(t, 2)
	ctldPort, slurmdPort := ports[0], ports[1]
	conf := strings.Join([]string{
		"ClusterName=peaksim",
		"SlurmctldHost=" + host + "(127.0.0.1)",
		"SlurmctldPort=" + ctldPort,
		"SlurmdPort=" + slurmdPort,
		"SlurmUser=" + me.Username,
		"SlurmdUser=" + me.Username,
		"AuthType=auth/munge",
		"CredType=cred/munge",
		"AuthInfo=socket=" + socket,
		"StateSaveLocation=" + filepath.Join(dir, "state"),
		"SlurmdSpoolDir=" + filepath.Join(dir, "spool"),
		"SlurmctldPidFile=" + filepath.Join(dir, "slurmctld.pid"),
		"SlurmdPidFile=" + filepath.Join(dir, "slurmd.pid"),
		"PlugStackConfig=" + filepath.Join(dir, "plugstack.conf"),
		"MailProg=/bin/true",
		// No cgroups: processes are tracked by their parents, tasks are
		// not bound to cores.
		"ProctrackType=proctrack/linuxproc",
		"TaskPlugin=task/none",
		"JobAcctGatherType=jobacct_gather/none",
		"AccountingStorageType=accounting_storage/none",
		"JobCompType=jobcomp/none",
		"MpiDefault=none",
		"SwitchType=switch/none",
		"SelectType=select/cons_tres",
		"SelectTypeParameters=CR_Core",
		"SchedulerType=sched/builtin",
		"ReturnToService=2",
		node + " NodeAddr=127.0.0.1 State=UNKNOWN",
		"PartitionName=peaksim Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
	}, "\n") + "\n"
	if err := os.WriteFile(c.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plugstack.conf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c.start("slurmctld", tools["slurmctld"], "-D", "-f", c.conf)
	c.start("slurmd", tools["slurmd"], "-D", "-f", c.conf)
	c.waitFor("the node to be idle", 60*time.Second, func() (bool, string) {
		out, _ := c.command("sinfo", "-h", "-N", "-o", "%T %E").CombinedOutput()
		state := strings.TrimSpace(string(out))
		return strings.HasPrefix(state, "idle"), "sinfo: " + state
	})
	return c
}

// lookSbin finds a program on PATH or where Debian puts daemons, which a
// user's PATH often lacks.
func lookSbin(name string) (string, error) {
	if path, err := exec.LookPath(name); err == nil {
		return path, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin"} {
		if path, err := exec.LookPath(filepath.Join(dir, name)); err == nil {
			return path, nil
		}
	}
	return "", exec.ErrNotFound
}

// freePorts returns n distinct ports that are free now, below the
// kernel's range of ephemeral ports: a port the kernel handed out and
// took back may be handed out again, to the next such request or to any
// outgoing connection of the tests running beside this one (the browser
// tests), before the daemon binds it.
func freePorts(t *testing.T, n int) []string {
	t.Helper()
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	var ports []string
	for try := 0; len(ports) < n; try++ {
		if try == 1000 {
			t.Fatalf("no %d free ports from 10000 to 29999 in 1000 tries", n)
		}
		var b [2]byte
		if _, err := rand.Read(b[:]); err != nil {
			t.Fatal(err)
		}
		port := fmt.Sprint(10000 + (int(b[0])<<8|int(b[1]))%20000) // 10000-29999
		if slices.Contains(ports, port) {
			continue
		}
		l, err := net.Listen("tcp", "127.0.0.1:"+port)
		if err != nil {
			continue // in use: try another
		}
		held = append(held, l)
		ports = append(ports, port)
	}
	return ports
}

// env is the environment of the cluster's daemons, commands and jobs:
// the test's, with this cluster's configuration and none of a batch
// job's variables (go test may itself run in a Slurm job).
func (c *slurmCluster) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SLURM_") {
			env = append(env, kv)
		}
	}
	return append(env, "SLURM_CONF="+c.conf)
}

func (c *slurmCluster) command(name string, args ...string) *exec.Cmd {
	path := c.tools[name]
	if path == "" {
		path = name
	}
	cmd := exec.Command(path, args...)
	cmd.Env = c.env()
	return cmd
}

func (c *slurmCluster) start(name, path string, args ...string) {
	c.t.Helper()
	log, err := os.Create(filepath.Join(c.dir, name+".out"))
	if err != nil {
		c.t.Fatal(err)
	}
	defer log.Close() // the process has its own copy
	cmd := exec.Command(path, args...)
	cmd.Env = c.env()
	cmd.Stdout, cmd.Stderr = log, log
	// Should the test binary die (a timeout, a panic), the daemon dies
	// with it rather than hold its ports on a shared machine.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("starting %s: %v", name, err)
	}
	d := &daemon{name: name, cmd: cmd, log: log.Name(), done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(d.done)
	}()
	c.daemons = append(c.daemons, d)
	c.t.Logf("started %s, pid %d", name, cmd.Process.Pid)
}

// waitFor polls ready until it holds, and fails the test with the
// daemons' logs when it does not in time or a daemon has ended.
func (c *slurmCluster) waitFor(what string, limit time.Duration, ready func() (bool, string)) {
	c.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ok, state := ready()
		if ok {
			return
		}
		for _, d := range c.daemons {
			select {
			case <-d.done:
				c.t.Fatalf("%s ended while waiting for %s (%v):\n%s", d.name, what, d.cmd.ProcessState, c.daemonLogs())
			default:
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no %s after %v (%s):\n%s", what, limit, state, c.daemonLogs())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (c *slurmCluster) daemonLogs() string {
	var b strings.Builder
	for _, d := range c.daemons {
		data, _ := os.ReadFile(d.log)
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		fmt.Fprintf(&b, "--- %s (pid %d), the last lines of its log:\n%s\n", d.name, d.cmd.Process.Pid, strings.Join(lines[max(0, len(lines)-30):], "\n"))
	}
	return b.String()
}

// stop cancels what is left of the test's jobs, then ends the daemons it
// started, last first, by their pids.
func (c *slurmCluster) stop() {
	if c.t.Failed() && len(c.daemons) > 0 {
		c.t.Log(c.daemonLogs())
	}
	if slices.ContainsFunc(c.daemons, func(d *daemon) bool { return d.name == "slurmctld" }) {
		if out, _ := c.command("squeue", "-h", "-o", "%A").Output(); len(bytes.TrimSpace(out)) > 0 {
			c.command("scancel", strings.Fields(string(out))...).Run()
			for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				if out, err := c.command("squeue", "-h", "-o", "%A").Output(); err != nil || len(bytes.TrimSpace(out)) == 0 {
					break
				}
			}
		}
	}
	for _, d := range slices.Backward(c.daemons) {
		d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-d.done:
		case <-time.After(20 * time.Second):
			c.t.Errorf("%s (pid %d) did not end on SIGTERM in 20s; killed", d.name, d.cmd.Process.Pid)
			d.cmd.Process.Kill()
			<-d.done
		}
	}
}

// submit runs the page's submission block in dir, with the page's job
// script beside it as peaksim.sbatch and the binary as ./peaksim, as a
// user on the cluster would. When it fails, the error holds every task's
// log (slurm-JOB_TASK.out, where sbatch puts them by default).
func (c *slurmCluster) submit(dir, bin, script, submission string) error {
	if err := os.Symlink(bin, filepath.Join(dir, "peaksim")); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "peaksim.sbatch"), []byte(script), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "submit.sh"), []byte(submission), 0o644); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-e", "submit.sh")
	cmd.Dir = dir
	cmd.Env = c.env()
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the submission (bash -e submit.sh) failed: %v\n%s", err, out)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		queue, _ := c.command("squeue", "-o", "%i %T %r").CombinedOutput()
		fmt.Fprintf(&b, "--- squeue:\n%s%s", queue, c.daemonLogs())
	}
	logs, _ := filepath.Glob(filepath.Join(dir, "slurm-*.out"))
	if len(logs) == 0 {
		b.WriteString("--- no task wrote a log\n")
	}
	for _, log := range logs {
		data, _ := os.ReadFile(log)
		fmt.Fprintf(&b, "--- %s:\n%s", filepath.Base(log), data)
	}
	return errors.New(b.String())
}

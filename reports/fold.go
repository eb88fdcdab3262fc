package reports

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/peaksim/peaksim/sim/stats"
)

// Fold summarizes the replications of one scenario given one at a time,
// in replication order, into the Scenario that Summarize makes of them
// all, bit for bit: a run folds each replication as soon as it and every
// earlier one of its scenario have finished, and so holds of it only what
// results.json keeps.
//
// A metric keeps its value in every replication (results.json holds them
// all: Metric.Values). A series point keeps its running sum, for its mean;
// its interval needs a second pass over the replications' values, since
// the two-pass deviation of stats.Summarize is what results.json holds and
// a running variance differs from it in the last bits. Those values wait
// in a Spool, in memory or on disk, until Scenario reads them back in
// replication order.
//
// A Fold is not safe for concurrent use.
type Fold struct {
	run     Run
	spool   *Spool
	n       int
	expect  int
	events  uint64
	metrics []metricFold
	series  []seriesShape
	// points is the first pass of every point of every series, series
	// after series: the same additions, in the same order, as Summarize.
	points []stats.TwoPass
	// records are each replication's series values in the spool.
	records []int
}

type metricFold struct {
	name, unit string
	values     []Float
	// num and den are nil while every replication's numerator and
	// denominator are zero (a metric that is not a rate): most metrics
	// then keep one value a replication, not three.
	num, den []Float
	rate     bool
}

type seriesShape struct {
	name, unit  string
	step, count int
}

// NewFold returns the fold of scenario run's replications, whose series
// values wait in spool for the second pass.
func NewFold(run Run, spool *Spool) *Fold {
	return &Fold{run: run, spool: spool}
}

// Expect sizes the fold for n replications in all, so that each metric's
// values are allocated once rather than grown (and their old copies left
// to the collector) as replications come.
func (f *Fold) Expect(n int) {
	f.expect = max(f.expect, n)
	for k := range f.metrics {
		f.metrics[k].expect(f.expect)
	}
}

// Replications is the number of replications folded.
func (f *Fold) Replications() int { return f.n }

// Add folds r, the next replication. It keeps r's series values (not a
// copy) in the spool, so they must not change afterwards. It fails if r
// measured other metrics or series than the first replication, or if the
// spool cannot keep its values; r is then not folded.
func (f *Fold) Add(r *Rep) error {
	if f.n == 0 {
		f.begin(r)
	} else if !f.fits(r) {
		return errors.New("other metrics or series than replication 0")
	}
	id := -1
	if len(f.points) > 0 {
		var err error
		if id, err = f.spool.put(r.Series); err != nil {
			return err
		}
	}
	f.records = append(f.records, id)
	f.n++
	f.events += r.Events
	for k := range r.Metrics {
		f.metrics[k].add(&r.Metrics[k], f.n-1)
	}
	p := 0
	for k := range r.Series {
		for _, v := range r.Series[k].Values {
			f.points[p].Add(float64(v))
			p++
		}
	}
	return nil
}

// begin takes the names of the metrics and series, and the length of each
// series, from the first replication.
func (f *Fold) begin(r *Rep) {
	f.metrics = make([]metricFold, len(r.Metrics))
	for k, m := range r.Metrics {
		f.metrics[k] = metricFold{name: m.Name, unit: m.Unit}
		f.metrics[k].expect(f.expect)
	}
	points := 0
	f.series = make([]seriesShape, len(r.Series))
	for k, s := range r.Series {
		f.series[k] = seriesShape{s.Name, s.Unit, s.StepHours, len(s.Values)}
		points += len(s.Values)
	}
	f.points = make([]stats.TwoPass, points)
}

// fits reports whether r measured the metrics and series, of the lengths,
// of the first replication.
func (f *Fold) fits(r *Rep) bool {
	if len(r.Metrics) != len(f.metrics) || len(r.Series) != len(f.series) {
		return false
	}
	for k := range r.Metrics {
		if r.Metrics[k].Name != f.metrics[k].name {
			return false
		}
	}
	for k := range r.Series {
		if r.Series[k].Name != f.series[k].name || len(r.Series[k].Values) != f.series[k].count {
			return false
		}
	}
	return true
}

func (m *metricFold) expect(n int) {
	m.values = slices.Grow(m.values, n-len(m.values))
	if m.num != nil {
		m.num, m.den = slices.Grow(m.num, n-len(m.num)), slices.Grow(m.den, n-len(m.den))
	}
}

func (m *metricFold) add(r *RepMetric, i int) {
	m.values = append(m.values, r.Value)
	m.rate = m.rate || r.Den != 0
	if m.num == nil && (math.Float64bits(float64(r.Num)) != 0 || math.Float64bits(float64(r.Den)) != 0) {
		// Every earlier replication's were +0.
		n := max(cap(m.values), i+1)
		m.num, m.den = make([]Float, i, n), make([]Float, i, n)
	}
	if m.num != nil {
		m.num, m.den = append(m.num, r.Num), append(m.den, r.Den)
	}
}

// Scenario returns the result of the replications folded so far, reading
// their series values back from the spool. The fold can go on adding
// replications afterwards, for a result of more of them later; the metric
// values of a result share the fold's memory, and never change.
func (f *Fold) Scenario() (Scenario, error) {
	run := f.run
	sum := sha256.Sum256(run.YAML)
	sc := Scenario{
		Name: run.Name, Variant: run.Variant, Description: run.Description, Source: run.Source,
		SHA256: hex.EncodeToString(sum[:]), YAML: string(run.YAML),
		Seed: run.Seed, Replications: f.n,
		HorizonHours: run.HorizonHours, WarmupHours: run.WarmupHours, Calendar: run.Calendar, Point: run.Point,
	}
	if f.n == 0 {
		return sc, nil
	}
	sc.Events = f.events
	series, err := f.summarizeSeries()
	if err != nil {
		return Scenario{}, err
	}
	sc.Series = series
	values := make([]float64, f.n)
	for k := range f.metrics {
		m := &f.metrics[k]
		// Capped at n: a later Add appends to the fold's slice, never into
		// this result's.
		met := Metric{Values: m.values[:f.n:f.n]}
		var s stats.Summary
		if m.rate {
			// A rate across replications is the ratio of their totals.
			met.Num, met.Den = m.num[:f.n:f.n], m.den[:f.n:f.n]
			s = stats.SummarizeRatio(floats(met.Num), floats(met.Den))
		} else {
			for i, v := range met.Values {
				values[i] = float64(v)
			}
			s = stats.Summarize(values)
		}
		met.Estimate = estimate(m.name, m.unit, s)
		sc.Metrics = append(sc.Metrics, met)
	}
	return sc, nil
}

// summarizeSeries makes the second pass over every point, replication by
// replication from the spool, on a copy of the first pass (which goes on
// for later replications).
func (f *Fold) summarizeSeries() ([]Series, error) {
	second := slices.Clone(f.points)
	if len(second) > 0 {
		values := make([]float64, len(second))
		for _, id := range f.records {
			if err := f.spool.read(id, values); err != nil {
				return nil, err
			}
			for p, v := range values {
				second[p].AddDeviation(v)
			}
		}
	}
	var out []Series
	p := 0
	for _, sh := range f.series {
		s := Series{Name: sh.name, Unit: sh.unit, StepHours: sh.step}
		for range sh.count {
			sum := second[p].Summary()
			s.Mean = append(s.Mean, Float(sum.Mean))
			s.Lo95 = append(s.Lo95, Float(sum.Lo95))
			s.Hi95 = append(s.Hi95, Float(sum.Hi95))
			p++
		}
		out = append(out, s)
	}
	return out, nil
}

// Spool keeps the series values of replications between the two passes
// of their summary (Fold): in memory while they take no more than its
// budget, then all of them in one temporary file, written as they come and
// read back one replication at a time. One spool serves every fold of a
// run. Close removes the file; where the system allows it (Unix), the file
// loses its name as soon as it is made, so that not even a killed process
// leaves it behind.
//
// A Spool is not safe for concurrent use.
type Spool struct {
	budget int64
	held   int64
	// mem holds each replication's values, series by series, until the
	// budget is passed; from then on offs holds where each one is in file.
	mem  [][]Floats
	file *os.File
	name string // the file's name, while it has one
	w    *bufio.Writer
	offs []int64
	size int64
	buf  []byte
}

// NewSpool returns a spool that holds up to budget bytes of values in
// memory, and the rest in a file in the system's temporary directory
// (os.TempDir: TMPDIR on Unix); with a negative budget it holds everything
// in memory.
func NewSpool(budget int64) *Spool { return &Spool{budget: budget} }

// Spilled reports whether the spool has moved its values to a file.
func (s *Spool) Spilled() bool { return s.file != nil }

// put keeps one replication's series values and returns their record.
func (s *Spool) put(series []RepSeries) (int, error) {
	if s.file == nil {
		size := int64(0)
		for _, sr := range series {
			size += int64(len(sr.Values)) * 8
		}
		if s.budget < 0 || s.held+size <= s.budget {
			rec := make([]Floats, len(series))
			for k := range series {
				rec[k] = series[k].Values
			}
			s.mem = append(s.mem, rec)
			s.held += size
			return len(s.mem) - 1, nil
		}
		if err := s.spill(); err != nil {
			return -1, err
		}
	}
	off := s.size
	for _, sr := range series {
		if err := s.write(sr.Values); err != nil {
			return -1, err
		}
	}
	s.offs = append(s.offs, off)
	return len(s.offs) - 1, nil
}

// spill moves the values held in memory to a new temporary file, which
// takes every later replication's too.
func (s *Spool) spill() error {
	f, err := os.CreateTemp("", "peaksim-series-*")
	if err != nil {
		return spoolError(err)
	}
	s.file, s.w = f, bufio.NewWriterSize(f, 1<<16)
	if os.Remove(f.Name()) != nil {
		s.name = f.Name() // removed by Close
	}
	for _, rec := range s.mem {
		s.offs = append(s.offs, s.size)
		for _, values := range rec {
			if err := s.write(values); err != nil {
				return err
			}
		}
	}
	s.mem, s.held = nil, 0
	return nil
}

func (s *Spool) write(values Floats) error {
	var b [8]byte
	for _, v := range values {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(float64(v)))
		if _, err := s.w.Write(b[:]); err != nil {
			return spoolError(err)
		}
	}
	s.size += int64(len(values)) * 8
	return nil
}

// read fills values with record id's, series after series.
func (s *Spool) read(id int, values []float64) error {
	if s.file == nil {
		p := 0
		for _, vs := range s.mem[id] {
			for _, v := range vs {
				values[p] = float64(v)
				p++
			}
		}
		return nil
	}
	if s.w.Buffered() > 0 {
		if err := s.w.Flush(); err != nil {
			return spoolError(err)
		}
	}
	need := 8 * len(values)
	if cap(s.buf) < need {
		s.buf = make([]byte, need)
	}
	b := s.buf[:need]
	if _, err := s.file.ReadAt(b, s.offs[id]); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return spoolError(err)
	}
	for i := range values {
		values[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return nil
}

// Close releases the spool: its memory, and its file if it made one.
func (s *Spool) Close() error {
	s.mem, s.held, s.offs = nil, 0, nil
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
	}
	s.file, s.w, s.name = nil, nil, ""
	if err != nil {
		return spoolError(err)
	}
	return nil
}

func spoolError(err error) error {
	return fmt.Errorf("keeping the replications' series in a temporary file (set TMPDIR for another folder): %w", err)
}

package planner

import (
	"slices"

	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// periodStats is what one simulation of a plan measured, per replication
// and period: each per-period target's value and, in a season, for each
// planned team its occupancy, the contacts offered on its channels, and
// the hours of deferred work waiting for it when the period began.
type periodStats struct {
	targets   [][][]float64 // [target][period][replication]
	occupancy [][][]float64 // [team][period][replication]
	offered   [][][]float64
	carried   [][][]float64
	// offeredByHour[channel][hour][replication] and busy[team][day][rep]
	// are kept for a season's pilot, whose forecast the Erlang plan is
	// sized on.
	offeredByHour [][][]float64
	busy          [][][]float64
}

func (p *planner) newPeriodStats(reps int) *periodStats {
	grid3 := func(n, m int) [][][]float64 {
		out := make([][][]float64, n)
		for i := range out {
			out[i] = make([][]float64, m)
			for j := range out[i] {
				out[i][j] = make([]float64, reps)
			}
		}
		return out
	}
	s := &periodStats{targets: grid3(len(p.targets), len(p.periods)), occupancy: grid3(len(p.teams), len(p.periods))}
	if p.season {
		days := p.sc.Season.Calendar.Days()
		s.offered, s.carried = grid3(len(p.teams), len(p.periods)), grid3(len(p.teams), len(p.periods))
		s.offeredByHour, s.busy = grid3(len(p.sc.Channels), 24*days), grid3(len(p.teams), days)
	}
	return s
}

// record extracts replication i's figures from its result. Each
// replication writes only its own slots, so replications may record
// concurrently.
func (p *planner) record(s *periodStats, i int, r *sim.RepResult) {
	for j, t := range p.targets {
		if t.perPeriod == nil {
			continue
		}
		for q, pe := range p.periods {
			s.targets[j][q][i] = t.perPeriod(r, pe.first, pe.last)
		}
	}
	if !p.season {
		return
	}
	for k, t := range p.teams {
		tr := &r.Teams[t.index]
		for d, b := range tr.DailyBusy {
			s.busy[k][d][i] = b
		}
		for q, pe := range p.periods {
			s.occupancy[k][q][i] = stats.Sum(tr.DailyBusy[pe.first:pe.last+1]) / stats.Sum(tr.DailyOnDuty[pe.first:pe.last+1])
			for _, ci := range slices.Concat(t.realtime, t.deferred) {
				for _, d := range r.Channels[ci].Daily[pe.first : pe.last+1] {
					s.offered[k][q][i] += float64(d.Offered)
				}
			}
			for _, ci := range t.deferred {
				s.carried[k][q][i] += r.Season.Queued[ci][24*pe.first] * p.handleHours(ci)
			}
		}
	}
	for ci, hours := range r.Season.OfferedByHour {
		for h, n := range hours {
			s.offeredByHour[ci][h][i] = n
		}
	}
}

// handleHours is the mean handle time of channel ci's contacts, in hours,
// at its team's speed.
func (p *planner) handleHours(ci int) float64 {
	ch := &p.sc.Channels[ci]
	speed := 1.0
	if ti := teamIndex(p.sc, ch.Team); ti >= 0 && p.sc.Teams[ti].Speed > 0 {
		speed = p.sc.Teams[ti].Speed
	}
	return ch.HandleTime.Mean() / speed
}

func meanOf(xs []float64) float64 { return stats.Sum(xs) / float64(len(xs)) }

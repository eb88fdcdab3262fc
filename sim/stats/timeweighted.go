package stats

import "math"

// TimeWeighted integrates a piecewise-constant level, such as a queue length
// or the number of busy agents, over simulated time, to give its
// time-average.
//
// The times passed to its methods must not decrease. Violations are not
// checked, because Set runs on every simulated event; they corrupt the area.
//
// The zero value is ready to use: the level is 0 and the window starts at
// time 0.
type TimeWeighted struct {
	start float64 // start of the integration window
	last  float64 // time of the last change of level
	level float64
	area  float64 // integral of the level over [start, last]
	max   float64
}

// Set records that the level changes to level at time t.
func (w *TimeWeighted) Set(t, level float64) {
	w.area += w.level * (t - w.last)
	w.last = t
	w.level = level
	w.max = max(w.max, level)
}

// Add records that the level changes by delta at time t.
func (w *TimeWeighted) Add(t, delta float64) {
	w.Set(t, w.level+delta)
}

// Level returns the current level.
func (w *TimeWeighted) Level() float64 {
	return w.level
}

// Max returns the highest level held since the window started, including the
// level at its start.
func (w *TimeWeighted) Max() float64 {
	return w.max
}

// Reset starts a new integration window at time t, keeping the current
// level. It is how statistics discard a warm-up period.
func (w *TimeWeighted) Reset(t float64) {
	*w = TimeWeighted{start: t, last: t, level: w.level, max: w.level}
}

// Area returns the integral of the level from the start of the window to
// time t, counting the current level as held until t.
func (w *TimeWeighted) Area(t float64) float64 {
	return w.area + w.level*(t-w.last)
}

// Mean returns the time-average of the level from the start of the window
// to time t, counting the current level as held until t. It returns NaN if
// t is not after the start of the window.
func (w *TimeWeighted) Mean(t float64) float64 {
	if !(t > w.start) {
		return math.NaN()
	}
	return w.Area(t) / (t - w.start)
}

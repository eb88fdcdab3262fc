// Package fit turns a contact log into a scenario fragment: for each
// channel, its arrivals by weekday and hour, its handle-time distribution,
// its customers' patience and how often they retry, each estimate with its
// 95% interval.
//
// Read reads a log (one row per contact) whose columns a Columns names, or
// the Technion "Anonymous Bank" layout (Technion); Estimate fits it; and
// Result.WriteYAML writes the fragment a user pastes into a scenario file.
// The estimators are maximum likelihood throughout: Poisson counts for
// arrivals, exponential, gamma and lognormal for handle times (chosen by
// AIC), and an exponential patience with answered contacts right-censored
// at their wait.
package fit

// Package events writes the journeys of one replication as event logs for
// process-mining tools: an OCEL 2.0 JSON log (objects: orders, parcels,
// cases, contacts and teams; events with their times and the objects they
// concern) and a flat CSV with a row per event, in the
// case_id, activity, timestamp, resource shape that pm4py and most tools
// read. docs/events.md lists the activities, the object types, the
// qualifiers of the relations and the CSV's columns.
//
// A Log is a sim.Journal: the engine tells it each event as it happens and
// it writes the event at once, so a season's log never sits in memory.
// OCEL's objects come after its events in the file, and an object is
// known when it is created, which is before most of its events: each
// object is written, when it is created, to a spool file, which Close
// copies to the log after the last event. Memory is then a few buffers,
// whatever the size of the season.
package events

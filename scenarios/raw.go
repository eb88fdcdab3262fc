package scenarios

import (
	"reflect"
	"strconv"
	"strings"
)

// The raw types mirror the file: their mapstructure tags are the keys the
// format accepts (TestEveryKeyIsDocumented derives the reference's key list
// from them). Every scalar is an any that build.go converts itself, so that
// "headcount: 3.5" is an error rather than a silent truncation, and every
// message speaks of durations and names rather than Go types. A pointer or
// slice of a raw struct is a mapping or a list of mappings; its want (and a
// list's item) tag says what belongs there, for the message when something
// else is there.

type rawScenario struct {
	Name        any               `mapstructure:"name"`
	Description any               `mapstructure:"description"`
	Calendar    *rawCalendar      `mapstructure:"calendar" want:"a mapping with start, end and time_zone, e.g. {start: 2026-11-02, end: 2027-01-17, time_zone: Europe/London}"`
	Run         *rawRun           `mapstructure:"run" want:"a mapping of run settings, e.g. {horizon: 168h, warmup: 24h}"`
	Demand      *rawDemand        `mapstructure:"demand" want:"a mapping with orders_per_day and its profiles, or trace"`
	Fulfilment  *rawFulfilment    `mapstructure:"fulfilment" want:"a mapping with dispatch_capacity, cutoff, delivery_hour and promises"`
	Exceptions  []rawException    `mapstructure:"exceptions" want:"a list of exceptions, each a mapping with name, kind, probability, notice_delay and channel_mix" item:"an exception: a mapping with name, kind, probability, notice_delay and channel_mix"`
	Customers   *rawCustomers     `mapstructure:"customers" want:"a mapping of customer behaviour, e.g. {chase_interval: {dist: gamma, mean: 2d, cv: 0.5}}"`
	Policies    *rawPolicies      `mapstructure:"policies" want:"a mapping of service policies, e.g. {task_order: deadline_first}"`
	Costs       *rawCosts         `mapstructure:"costs" want:"a mapping of prices, e.g. {reship: 6, courier: 15, credit: 10}"`
	Currency    any               `mapstructure:"currency"`
	Teams       []rawTeam         `mapstructure:"teams" want:"a list of teams, e.g. [{name: agents, headcount: 10}]" item:"a team: a mapping with name and headcount"`
	Channels    []rawChannel      `mapstructure:"channels" want:"a list of channels, each a mapping with name, team, arrivals and handle_time" item:"a channel: a mapping with name, team, arrivals and handle_time"`
	Forecast    []rawForecastCase `mapstructure:"forecast" want:"a list of forecast cases, e.g. [{name: low, weight: 0.25, orders: 0.8}]" item:"a forecast case: a mapping with name, weight and orders"`
	// Variants are read from the YAML itself (see variants.go): viper
	// would lower-case the names in their paths.
	Variants any `mapstructure:"variants"`
	// Thresholds are expressions or mappings (see thresholds.go).
	Thresholds any `mapstructure:"thresholds"`
}

// The sections of a season scenario. A map[string]any field is a mapping
// whose keys are the user's (weekdays, channel names): checkShape only
// checks that it is a mapping, and build.go checks its keys.

type rawCalendar struct {
	Start           any `mapstructure:"start"`
	End             any `mapstructure:"end"`
	TimeZone        any `mapstructure:"time_zone"`
	CarrierHolidays any `mapstructure:"carrier_holidays"`
}

type rawDemand struct {
	OrdersPerDay   any             `mapstructure:"orders_per_day"`
	SeasonCurve    []rawCurvePoint `mapstructure:"season_curve" want:"a list of dated factors, e.g. [{date: 2026-11-27, factor: 3.2}]" item:"a point: a mapping with date and factor, e.g. {date: 2026-11-27, factor: 3.2}"`
	WeekdayProfile map[string]any  `mapstructure:"weekday_profile" want:"a mapping of weekdays to factors, e.g. {mon-fri: 1, sat: 0.8, sun: 1.1}"`
	HourProfile    any             `mapstructure:"hour_profile"`
	Trace          any             `mapstructure:"trace"`
	OrderValue     *rawDist        `mapstructure:"order_value" want:"a distribution, e.g. {dist: lognormal, mean: 45, cv: 0.8}"`
}

type rawCurvePoint struct {
	Date   any `mapstructure:"date"`
	Factor any `mapstructure:"factor"`
	Label  any `mapstructure:"label"`
}

type rawFulfilment struct {
	DispatchCapacity       any                   `mapstructure:"dispatch_capacity"`
	DispatchCapacityByDate []rawCapacityOverride `mapstructure:"dispatch_capacity_by_date" want:"a list of date ranges, e.g. [{from: 2026-12-24, to: 2026-12-24, capacity: 5000}]" item:"a date range: a mapping with from, to and capacity"`
	Cutoff                 any                   `mapstructure:"cutoff"`
	DispatchDays           any                   `mapstructure:"dispatch_days"`
	DeliveryDays           any                   `mapstructure:"delivery_days"`
	DeliveryHour           any                   `mapstructure:"delivery_hour"`
	Promises               []rawPromise          `mapstructure:"promises" want:"a list of delivery promises, e.g. [{name: standard, share: 1, transit_days: 3}]" item:"a promise: a mapping with name, share and transit_days"`
	CarrierCapacity        any                   `mapstructure:"carrier_capacity"`
	CarrierCapacityByDate  []rawCapacityOverride `mapstructure:"carrier_capacity_by_date" want:"a list of date ranges, e.g. [{from: 2026-11-30, to: 2026-12-04, capacity: 30000}]" item:"a date range: a mapping with from, to and capacity"`
	CarrierOverflow        any                   `mapstructure:"carrier_overflow"`
	LateOrders             any                   `mapstructure:"late_orders"`
	StaleTracking          *rawStaleTracking     `mapstructure:"stale_tracking" want:"a mapping with share and after, e.g. {share: 0.2, after: 1d}"`
	Stock                  []rawStockGroup       `mapstructure:"stock" want:"a list of product groups, e.g. [{name: toys, share: 0.3, initial: 50000}]" item:"a product group: a mapping with name, share and initial"`
	CourierTime            *rawDist              `mapstructure:"courier_time" want:"a distribution, e.g. {dist: uniform, min: 18h, max: 30h}"`
}

// rawCapacityOverride and rawHeadcountOverride replace a value for a range
// of dates, from and to included; their count has the name of the value it
// replaces.
type rawCapacityOverride struct {
	From     any `mapstructure:"from"`
	To       any `mapstructure:"to"`
	Capacity any `mapstructure:"capacity"`
}

type rawHeadcountOverride struct {
	From      any      `mapstructure:"from"`
	To        any      `mapstructure:"to"`
	Headcount any      `mapstructure:"headcount"`
	Ramp      *rawRamp `mapstructure:"ramp" want:"a mapping with start_speed and weeks, e.g. {start_speed: 0.65, weeks: 12}"`
}

// rawRamp is how new staff learn: from their first day at start_speed of
// a tenured agent's speed to full speed in weeks weeks.
type rawRamp struct {
	StartSpeed any `mapstructure:"start_speed"`
	Weeks      any `mapstructure:"weeks"`
}

type rawStockGroup struct {
	Name     any          `mapstructure:"name"`
	Share    any          `mapstructure:"share"`
	Initial  any          `mapstructure:"initial"`
	Restocks []rawRestock `mapstructure:"restocks" want:"a list of deliveries, e.g. [{date: 2026-12-07, units: 20000}]" item:"a delivery: a mapping with date and units"`
}

type rawRestock struct {
	Date  any `mapstructure:"date"`
	Units any `mapstructure:"units"`
}

type rawPromise struct {
	Name        any      `mapstructure:"name"`
	Share       any      `mapstructure:"share"`
	TransitDays any      `mapstructure:"transit_days"`
	Transit     *rawDist `mapstructure:"transit" want:"a distribution of the time from dispatch to delivery, e.g. {dist: empirical, values: [1d, 2d, 3d], weights: [0.2, 0.6, 0.2]}"`
}

type rawException struct {
	Name            any             `mapstructure:"name"`
	Kind            any             `mapstructure:"kind"`
	Probability     any             `mapstructure:"probability"`
	Delay           *rawDist        `mapstructure:"delay" want:"a distribution, e.g. {dist: gamma, mean: 2d, cv: 0.5}"`
	NoticeDelay     *rawDist        `mapstructure:"notice_delay" want:"a distribution, e.g. {dist: gamma, mean: 1d, cv: 0.7}"`
	ChannelMix      map[string]any  `mapstructure:"channel_mix" want:"a mapping of channel names to shares, e.g. {phone: 0.6, email: 0.4}"`
	Resolve         *rawResolve     `mapstructure:"resolve" want:"a mapping with team, handle_time and outcomes"`
	LoadRise        any             `mapstructure:"load_rise"`
	Detect          *rawDetect      `mapstructure:"detect" want:"a mapping with probability and delay, e.g. {probability: 0.5, delay: {dist: exponential, mean: 1d}}"`
	Workflow        []rawStep       `mapstructure:"workflow" want:"a list of steps, e.g. [{name: check, work: {team: claims, time: {dist: exponential, mean: 15m}}}, {name: refund, resolve: refund}]" item:"a step: a mapping with name and one of work, handoff, wait, ask, branch, notify, resolve"`
	SelfService     any             `mapstructure:"self_service"`
	DataError       any             `mapstructure:"data_error"`
	DataErrorRepeat any             `mapstructure:"data_error_repeat"`
	ReshipPromise   any             `mapstructure:"reship_promise"`
	Unreachable     *rawUnreachable `mapstructure:"unreachable" want:"a mapping with share and becomes, e.g. {share: 0.4, becomes: not-received}"`
}

// rawUnreachable is the share of a late exception's parcels whose driver
// could not reach the customer, and the exception they become.
type rawUnreachable struct {
	Share   any `mapstructure:"share"`
	Becomes any `mapstructure:"becomes"`
}

// rawStep is one step of an exception's workflow: its name, what it does
// (exactly one of the action keys) and, optionally, the step that follows.
type rawStep struct {
	Name    any        `mapstructure:"name"`
	Next    any        `mapstructure:"next"`
	Work    *rawWork   `mapstructure:"work" want:"a mapping with team and time, e.g. {team: claims, time: {dist: lognormal, mean: 15m, cv: 0.6}}"`
	Handoff *rawWork   `mapstructure:"handoff" want:"a mapping with team, time and context_loss, e.g. {team: warehouse, time: {dist: exponential, mean: 20m}, context_loss: 0.3}"`
	Wait    *rawDist   `mapstructure:"wait" want:"a distribution, e.g. {dist: uniform, min: 2d, max: 5d}"`
	Ask     *rawAsk    `mapstructure:"ask" want:"a mapping with transit, loss, respond, respond_time and reminder"`
	Branch  *rawBranch `mapstructure:"branch" want:"a mapping with if, then and else, e.g. {if: in_stock, then: reship, else: refund}"`
	Notify  any        `mapstructure:"notify"`
	Expect  *rawDist   `mapstructure:"expect" want:"a distribution of the time from the notice to the date it gives, e.g. {dist: deterministic, value: 3d}"`
	Resolve any        `mapstructure:"resolve"`
}

type rawWork struct {
	Team        any      `mapstructure:"team"`
	Time        *rawDist `mapstructure:"time" want:"a distribution, e.g. {dist: lognormal, mean: 15m, cv: 0.6}"`
	Verify      any      `mapstructure:"verify"`
	ContextLoss any      `mapstructure:"context_loss"`
}

type rawAsk struct {
	Transit       *rawDist      `mapstructure:"transit" want:"a distribution, e.g. {dist: uniform, min: 1d, max: 3d}"`
	Loss          any           `mapstructure:"loss"`
	Respond       any           `mapstructure:"respond"`
	RespondTime   *rawDist      `mapstructure:"respond_time" want:"a distribution, e.g. {dist: exponential, mean: 2d}"`
	Reminder      any           `mapstructure:"reminder"`
	To            any           `mapstructure:"to"`
	LostOnReceipt any           `mapstructure:"lost_on_receipt"`
	Switch        *rawAskSwitch `mapstructure:"switch" want:"a mapping with share, transit and loss, e.g. {share: 0.3, transit: {dist: uniform, min: 1m, max: 30m}, loss: 0.005}"`
}

// rawAskSwitch is the other medium a share of customers ask a form to be
// sent by.
type rawAskSwitch struct {
	Share   any      `mapstructure:"share"`
	Transit *rawDist `mapstructure:"transit" want:"a distribution, e.g. {dist: uniform, min: 1m, max: 30m}"`
	Loss    any      `mapstructure:"loss"`
}

type rawBranch struct {
	If          any `mapstructure:"if"`
	Probability any `mapstructure:"probability"`
	Value       any `mapstructure:"value"`
	Team        any `mapstructure:"team"`
	Resolution  any `mapstructure:"resolution"`
	Days        any `mapstructure:"days"`
	Then        any `mapstructure:"then"`
	Else        any `mapstructure:"else"`
}

// rawPolicies are the season's service policies that are not a step of a
// workflow.
type rawPolicies struct {
	TaskOrder  any            `mapstructure:"task_order"`
	Escalation *rawEscalation `mapstructure:"escalation" want:"a mapping with after_contacts and team, e.g. {after_contacts: 3, team: team-leads}"`
	// Compensation is what the company gives, unasked, for a failure it
	// detects first: rules tried in order (see build_cost.go).
	Compensation []rawCompensation `mapstructure:"compensation" want:"a list of rules, e.g. [{exceptions: [lost], refund: true}, {credit: 10}]" item:"a rule: a mapping with exceptions, min_value, max_value and one of refund, credit, credit_share, e.g. {exceptions: [late], credit: 5}"`
}

// rawCompensation is a rule of the proactive compensation policy: to which
// exceptions and order values it applies, and what it gives.
type rawCompensation struct {
	Exceptions  any `mapstructure:"exceptions"`
	MinValue    any `mapstructure:"min_value"`
	MaxValue    any `mapstructure:"max_value"`
	Refund      any `mapstructure:"refund"`
	Credit      any `mapstructure:"credit"`
	CreditShare any `mapstructure:"credit_share"`
}

// rawCosts are the prices of what failures cost besides agent time.
type rawCosts struct {
	Reship  any `mapstructure:"reship"`
	Courier any `mapstructure:"courier"`
	Credit  any `mapstructure:"credit"`
	Refund  any `mapstructure:"refund"`
}

type rawEscalation struct {
	AfterContacts any `mapstructure:"after_contacts"`
	Team          any `mapstructure:"team"`
}

type rawDetect struct {
	Probability any      `mapstructure:"probability"`
	Delay       *rawDist `mapstructure:"delay" want:"a distribution, e.g. {dist: exponential, mean: 1d}"`
}

type rawResolve struct {
	Team       any          `mapstructure:"team"`
	HandleTime *rawDist     `mapstructure:"handle_time" want:"a distribution, e.g. {dist: lognormal, mean: 15m, cv: 0.6}"`
	Outcomes   *rawOutcomes `mapstructure:"outcomes" want:"a mapping of outcomes to shares, e.g. {reship: 0.7, refund: 0.3}"`
}

type rawOutcomes struct {
	Reship any `mapstructure:"reship"`
	Refund any `mapstructure:"refund"`
	Credit any `mapstructure:"credit"`
}

type rawCustomers struct {
	ChaseInterval *rawDist          `mapstructure:"chase_interval" want:"a distribution, e.g. {dist: gamma, mean: 2d, cv: 0.5}"`
	Retry         *rawRetry         `mapstructure:"retry" want:"a mapping with probability, delay and switch, e.g. {probability: 0.7, delay: {dist: exponential, mean: 2h}, switch: 0.3}"`
	Deadline      *rawDeadline      `mapstructure:"deadline" want:"a mapping with date and share, e.g. {date: 2026-12-24, share: 0.35}"`
	ChurnContacts any               `mapstructure:"churn_contacts"`
	EffortWeights *rawEffortWeights `mapstructure:"effort_weights" want:"a mapping of weights, e.g. {contacts: 1, failed: 0.5, wait_hours: 1, days_open: 0.25}"`
	Notices       *rawNotices       `mapstructure:"notices" want:"a mapping with distrust, tolerance and broken_chase, e.g. {distrust: 0.2, broken_chase: 0.5}"`
	Churn         *rawChurn         `mapstructure:"churn" want:"a mapping of the churn model's parameters, e.g. {base: 0.05, per_effort_point: 0.69, attachment: 0.5}"`
	Value         any               `mapstructure:"value"`
}

type rawStaleTracking struct {
	Share any `mapstructure:"share"`
	After any `mapstructure:"after"`
}

type rawNotices struct {
	Distrust    any      `mapstructure:"distrust"`
	Tolerance   *rawDist `mapstructure:"tolerance" want:"a distribution, e.g. {dist: gamma, mean: 1d, cv: 0.5}"`
	BrokenChase any      `mapstructure:"broken_chase"`
}

// rawChurn are the parameters of the churn model (sim.Churn).
type rawChurn struct {
	Base           any `mapstructure:"base"`
	PerEffortPoint any `mapstructure:"per_effort_point"`
	MissedDeadline any `mapstructure:"missed_deadline"`
	Compensation   any `mapstructure:"compensation"`
	Attachment     any `mapstructure:"attachment"`
}

type rawRetry struct {
	Probability any      `mapstructure:"probability"`
	Delay       *rawDist `mapstructure:"delay" want:"a distribution, e.g. {dist: exponential, mean: 2h}"`
	Switch      any      `mapstructure:"switch"`
}

type rawDeadline struct {
	Date  any `mapstructure:"date"`
	Share any `mapstructure:"share"`
}

type rawEffortWeights struct {
	Contacts      any `mapstructure:"contacts"`
	Failed        any `mapstructure:"failed"`
	WaitHours     any `mapstructure:"wait_hours"`
	ReplyWaitDays any `mapstructure:"reply_wait_days"`
	DaysOpen      any `mapstructure:"days_open"`
	Actions       any `mapstructure:"actions"`
	Handoffs      any `mapstructure:"handoffs"`
}

type rawRun struct {
	Horizon      any `mapstructure:"horizon"`
	Warmup       any `mapstructure:"warmup"`
	Replications any `mapstructure:"replications"`
	Seed         any `mapstructure:"seed"`
}

type rawTeam struct {
	Name            any                    `mapstructure:"name"`
	Headcount       any                    `mapstructure:"headcount"`
	HeadcountByDate []rawHeadcountOverride `mapstructure:"headcount_by_date" want:"a list of date ranges, e.g. [{from: 2026-11-20, to: 2026-12-24, headcount: 90}]" item:"a date range: a mapping with from, to and headcount"`
	WorkingHours    map[string]any         `mapstructure:"working_hours" want:"a mapping of weekdays to hours, e.g. {mon-fri: 08:00-20:00, sat: 09:00-17:00, sun: closed}"`
	Shifts          []rawShift             `mapstructure:"shifts" want:"a list of shifts, e.g. [{name: early, hours: 07:00-15:00, days: [mon-fri], headcount: 12}]" item:"a shift: a mapping with name, hours, days and headcount, e.g. {name: early, hours: 07:00-15:00, days: [mon-fri], headcount: 12}"`
	ClosedOn        any                    `mapstructure:"closed_on"`
	Roster          any                    `mapstructure:"roster"`
	Shrinkage       any                    `mapstructure:"shrinkage"`
	CostPerHour     any                    `mapstructure:"cost_per_hour"`
	MinHeadcount    any                    `mapstructure:"min_headcount"`
	MaxHeadcount    any                    `mapstructure:"max_headcount"`
	HiringStep      any                    `mapstructure:"hiring_step"`
	Speed           any                    `mapstructure:"speed"`
	Priority        any                    `mapstructure:"priority"`
	Authority       any                    `mapstructure:"authority"`
	Hiring          *rawHiring             `mapstructure:"hiring" want:"a mapping with first_start, last_start, training, ramp, attrition, training_cost and overtime, e.g. {first_start: 2026-09-07, last_start: 2026-11-16, training: 3w}"`
}

// rawShift is a named shift of a season team: headcount agents at work in
// hours on days, optionally only from one date to another.
type rawShift struct {
	Name      any      `mapstructure:"name"`
	Hours     any      `mapstructure:"hours"`
	Days      any      `mapstructure:"days"`
	Headcount any      `mapstructure:"headcount"`
	From      any      `mapstructure:"from"`
	To        any      `mapstructure:"to"`
	Ramp      *rawRamp `mapstructure:"ramp" want:"a mapping with start_speed and weeks, e.g. {start_speed: 0.65, weeks: 12}"`
}

type rawChannel struct {
	Name               any            `mapstructure:"name"`
	Team               any            `mapstructure:"team"`
	Arrivals           *rawArrivals   `mapstructure:"arrivals" want:"a mapping with rate or interarrival, e.g. {rate: 45/h}"`
	HandleTime         *rawDist       `mapstructure:"handle_time" want:"a distribution, e.g. {dist: exponential, mean: 5m}"`
	Patience           *rawDist       `mapstructure:"patience" want:"a distribution, e.g. {dist: exponential, mean: 3m}"`
	QueueCapacity      any            `mapstructure:"queue_capacity"`
	ServiceLevelTarget any            `mapstructure:"service_level_target"`
	Deferred           any            `mapstructure:"deferred"`
	OpeningHours       map[string]any `mapstructure:"opening_hours" want:"a mapping of weekdays to hours, e.g. {mon-fri: 08:00-20:00, sat: 09:00-17:00, sun: closed}"`
	ClosedOn           any            `mapstructure:"closed_on"`
	Concurrency        any            `mapstructure:"concurrency"`
	Overflow           any            `mapstructure:"overflow"`
	Post               *rawPost       `mapstructure:"post" want:"a mapping with transit and loss, e.g. {transit: {dist: uniform, min: 1d, max: 3d}, loss: 0.01}"`
	Callback           *rawCallback   `mapstructure:"callback" want:"a mapping with after, accept and channel, e.g. {after: 2m, accept: 0.5, channel: callbacks}"`
	NeverAnswered      any            `mapstructure:"never_answered"`
}

type rawCallback struct {
	After   any `mapstructure:"after"`
	Accept  any `mapstructure:"accept"`
	Channel any `mapstructure:"channel"`
}

type rawPost struct {
	Transit *rawDist `mapstructure:"transit" want:"a distribution, e.g. {dist: uniform, min: 1d, max: 3d}"`
	Loss    any      `mapstructure:"loss"`
}

// rawArrivals' season_curve, weekday_profile and hour_profile are those
// of rawDemand, for a direct stream of its own shape.
type rawArrivals struct {
	Rate           any             `mapstructure:"rate"`
	PerDay         any             `mapstructure:"per_day"`
	Interarrival   *rawDist        `mapstructure:"interarrival" want:"a distribution, e.g. {dist: uniform, min: 1m, max: 3m}"`
	SeasonCurve    []rawCurvePoint `mapstructure:"season_curve" want:"a list of dated factors, e.g. [{date: 2026-11-27, factor: 3.2}]" item:"a point: a mapping with date and factor, e.g. {date: 2026-11-27, factor: 3.2}"`
	WeekdayProfile map[string]any  `mapstructure:"weekday_profile" want:"a mapping of weekdays to factors, e.g. {mon-fri: 1, sat: 0.8, sun: 1.1}"`
	HourProfile    any             `mapstructure:"hour_profile"`
	Trace          any             `mapstructure:"trace"`
}

// rawDist holds the parameters of every family; distFamilies says which
// apply to which.
type rawDist struct {
	Dist    any `mapstructure:"dist"`
	Mean    any `mapstructure:"mean"`
	Value   any `mapstructure:"value"`
	Min     any `mapstructure:"min"`
	Mode    any `mapstructure:"mode"`
	Max     any `mapstructure:"max"`
	SD      any `mapstructure:"sd"`
	CV      any `mapstructure:"cv"`
	K       any `mapstructure:"k"`
	Values  any `mapstructure:"values"`
	Weights any `mapstructure:"weights"`
}

// checkShape walks data, the file as viper read it, along the raw type t,
// and reports every key t does not declare and every value of the wrong
// form (a scalar where a mapping or a list belongs). It returns the keys of
// the values of the wrong form: mapstructure leaves those fields empty, and
// build's "required" errors about them would only repeat the problem.
//
// mapstructure's Metadata.Unused lists unknown keys too, but it drops those
// of any mapping that also holds a value of the wrong form, so a misspelt
// key would hide behind an unrelated mistake until that one is fixed.
func checkShape(p *problems, key string, data any, t reflect.Type, want string) (wrong []string) {
	m, ok := data.(map[string]any)
	if !ok {
		p.add(key, "must be %s; got %s", want, describe(data))
		return []string{key}
	}
	for k, v := range m {
		path := joinKey(key, k)
		f, ok := fieldByKey(t, k)
		switch {
		case !ok:
			p.add(path, "%s", unknownKey(k, keysOf(t)))
		case v == nil:
			// null is absent, as viper treats it at the top level.
		case f.Type.Kind() == reflect.Map:
			if _, ok := v.(map[string]any); !ok {
				p.add(path, "must be %s; got %s", f.Tag.Get("want"), describe(v))
				wrong = append(wrong, path)
			}
		case f.Type.Kind() == reflect.Pointer:
			wrong = append(wrong, checkShape(p, path, v, f.Type.Elem(), f.Tag.Get("want"))...)
		case f.Type.Kind() == reflect.Slice:
			list, ok := v.([]any)
			if !ok {
				p.add(path, "must be %s; got %s", f.Tag.Get("want"), describe(v))
				wrong = append(wrong, path)
				continue
			}
			for i, item := range list {
				wrong = append(wrong, checkShape(p, path+"["+strconv.Itoa(i)+"]", item, f.Type.Elem(), f.Tag.Get("item"))...)
			}
		}
	}
	return wrong
}

// fieldByKey returns the field of the raw struct t for key k.
func fieldByKey(t reflect.Type, k string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); f.Tag.Get("mapstructure") == k {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// keysOf returns the keys of the raw struct t in declaration order.
func keysOf(t reflect.Type) []string {
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i] = t.Field(i).Tag.Get("mapstructure")
	}
	return keys
}

func joinKey(parent, k string) string {
	if parent == "" {
		return k
	}
	return parent + "." + k
}

func unknownKey(k string, known []string) string {
	if s := closest(k, known); s != "" {
		return "unknown key; did you mean " + s + "?"
	}
	return "unknown key; the keys here are " + strings.Join(known, ", ")
}

// closest returns the candidate within edit distance 2 of s (and closer
// than its own length, so that "x" does not suggest "k"), or "".
func closest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestDist && d < len(c) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes: keys
// and names are ASCII. It gives up (returns 3) past a length difference of
// 2, so a pasted paragraph costs nothing.
func editDistance(a, b string) int {
	if len(a)-len(b) > 2 || len(b)-len(a) > 2 {
		return 3
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

package scenarios_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// tinyCost is tiny with failures priced: orders with a value, lost parcels
// the company detects, a compensation policy, prices, and a churn model.
func tinyCost(t testing.TB) string {
	t.Helper()
	in := strings.Replace(tiny, "  hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]\n",
		"  hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]\n  order_value: {dist: lognormal, mean: 45, cv: 0.8}\n", 1)
	in = strings.Replace(in, "      outcomes: {reship: 0.5, refund: 0.5}\n", `      outcomes: {reship: 0.5, refund: 0.5}
    detect: {probability: 0.5, delay: {dist: exponential, mean: 6h}}
`, 1)
	in = strings.Replace(in, "  churn_contacts: 4\n", `  churn_contacts: 4
  churn: {base: 0.04, attachment: 0.6}
  value: 250
policies:
  compensation:
    - {exceptions: [lost], max_value: 30, refund: true}
    - {exceptions: [lost], min_value: 30, credit_share: 0.2}
    - {credit: 5}
costs: {reship: 6, courier: 15, credit: 10}
`, 1)
	if strings.Count(in, "compensation:") != 1 || !strings.Contains(in, "order_value") || !strings.Contains(in, "detect:") {
		t.Fatal("tiny has changed: tinyCost no longer applies")
	}
	return in
}

func TestCostsChurnAndCompensation(t *testing.T) {
	_, m := parseTiny(t, tinyCost(t))
	se := m.Season
	if se.Costs != (sim.Costs{Reship: 6, Courier: 15, Credit: 10}) {
		t.Errorf("costs %+v", se.Costs)
	}
	want := sim.DefaultChurn()
	want.Base, want.Attachment = 0.04, 0.6
	if c := se.Customer; c.Churn != want || c.Value != 250 {
		t.Errorf("churn %+v, value %v; want %+v and 250 (the defaults where the file gives none)", c.Churn, c.Value, want)
	}
	rules := se.Compensation
	if len(rules) != 3 {
		t.Fatalf("%d compensation rules, want 3", len(rules))
	}
	// The exceptions are late (0) and lost (1).
	if r := rules[0]; r.Kind != sim.CompensateRefund || r.MinValue != 0 || r.MaxValue != 30 || len(r.Exceptions) != 2 || r.Exceptions[0] || !r.Exceptions[1] {
		t.Errorf("rule 1: %+v", r)
	}
	if r := rules[1]; r.Kind != sim.CompensateShare || r.Amount != 0.2 || r.MinValue != 30 || r.MaxValue != 0 {
		t.Errorf("rule 2: %+v", r)
	}
	if r := rules[2]; r.Kind != sim.CompensateCredit || r.Amount != 5 || r.Exceptions != nil {
		t.Errorf("rule 3: %+v; want a credit of 5 for every exception", r)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}

	_, m = parseTiny(t, tiny)
	if c := m.Season.Customer; c.Churn != sim.DefaultChurn() || c.Value != 0 || m.Season.Costs != (sim.Costs{}) || m.Season.Compensation != nil {
		t.Errorf("without the keys: churn %+v, value %v, costs %+v, compensation %+v; want the default churn and nothing else", c.Churn, c.Value, m.Season.Costs, m.Season.Compensation)
	}
}

func TestBadCostsAndCompensation(t *testing.T) {
	const refundRule = "    - {exceptions: [lost], max_value: 30, refund: true}\n"
	noValue := func(in string) string {
		return strings.Replace(in, "  order_value: {dist: lognormal, mean: 45, cv: 0.8}\n", "", 1)
	}
	tests := []struct {
		name     string
		old, new string // tinyCost with old replaced by new
		edit     func(string) string
		at       string // the problem's line is that of at's first occurrence; "" for new's first line
		key      string
		want     string
	}{
		{"negative credit", "{credit: 5}", "{credit: -5}", nil, "", "policies.compensation[2].credit", "must be an amount from 0 to 1000000000, e.g. 10, got -5"},
		{"share over one", "credit_share: 0.2}", "credit_share: 1.5}", nil, "", "policies.compensation[1].credit_share", "must be a number from 0 to 1, got 1.5"},
		{"unknown exception", "{exceptions: [lost], max_value: 30", "{exceptions: [lsot], max_value: 30", nil, "", "policies.compensation[0].exceptions[0]", `no exception named "lsot"; did you mean lost?`},
		{"unknown exception far off", "{exceptions: [lost], max_value: 30", "{exceptions: [parcel], max_value: 30", nil, "", "policies.compensation[0].exceptions[0]", `no exception named "parcel"; exceptions are: late, lost`},
		{"exception never detected", "{exceptions: [lost], max_value: 30", "{exceptions: [late], max_value: 30", nil, "", "policies.compensation[0].exceptions[0]", "late has no detect: the company never finds it before the customer does"},
		{"exception twice", "{exceptions: [lost], max_value: 30", "{exceptions: [lost, lost], max_value: 30", nil, "", "policies.compensation[0].exceptions[1]", `"lost" is given twice`},
		{"exceptions not a list", "{exceptions: [lost], max_value: 30", "{exceptions: lost, max_value: 30", nil, "", "policies.compensation[0].exceptions", `must be a list of exception names, e.g. [lost, late]; got "lost"`},
		{"band without order value", "{exceptions: [lost], min_value: 30", "{exceptions: [lost], min_value: 30", noValue, "", "policies.compensation[1].min_value", "a band of order values needs demand.order_value"},
		{"min above max", "max_value: 30, refund", "min_value: 50, max_value: 20, refund", nil, "", "policies.compensation[0].max_value", "must be above min_value (50), got 20"},
		{"negative min", "min_value: 30,", "min_value: -30,", nil, "", "policies.compensation[1].min_value", "must be an order value from 0 to 1000000000, e.g. 50, got -30"},
		{"two things given", "{credit: 5}", "{credit: 5, refund: true}", nil, "", "policies.compensation[2]", "needs exactly one of refund: true, credit or credit_share; got 2"},
		{"nothing given", "{credit: 5}", "{exceptions: [lost]}", nil, "", "policies.compensation[2]", "needs one of refund: true, credit or credit_share: what the company gives"},
		{"refund false", "refund: true}", "refund: false}", nil, "", "policies.compensation[0].refund", "must be true (a full refund); for less, give credit or credit_share instead; got false"},
		{"refund without a price", refundRule, "    - {exceptions: [lost], refund: true}\n", func(in string) string {
			in = noValue(in)
			return strings.Replace(in, "    - {exceptions: [lost], min_value: 30, credit_share: 0.2}\n", "", 1)
		}, "", "policies.compensation[0].refund", "a refund costs the order's value: needs demand.order_value, or costs.refund for its price"},
		{"share without order value", refundRule, "", noValue, "credit_share: 0.2", "policies.compensation[0].credit_share", "a share of the order's value needs demand.order_value"},
		{"empty policy", "  compensation:\n" + refundRule + "    - {exceptions: [lost], min_value: 30, credit_share: 0.2}\n    - {credit: 5}\n", "  compensation: []\n", nil, "", "policies.compensation", "must have at least one rule (leave compensation out for none)"},
		{"no exception detected", "    detect: {probability: 0.5, delay: {dist: exponential, mean: 6h}}\n", "", nil, "  compensation:", "policies.compensation", "no exception has detect"},
		{"negative reship", "costs: {reship: 6,", "costs: {reship: -6,", nil, "", "costs.reship", "must be an amount from 0 to 1000000000, e.g. 6, got -6"},
		{"refund price with order value", "costs: {reship: 6,", "costs: {refund: 40, reship: 6,", nil, "", "costs.refund", "does not apply with demand.order_value: a refund costs the order's value"},
		{"refunds without a price", refundRule, "", noValue, "costs:", "costs.refund", "required: exceptions[1].resolve.outcomes.refund can refund, and without demand.order_value a refund needs a price"},
		{"costs not a mapping", "costs: {reship: 6, courier: 15, credit: 10}", "costs: 6", nil, "", "costs", "must be a mapping of prices, e.g. {reship: 6, courier: 15, credit: 10}; got 6"},
		{"misspelt cost", "courier: 15,", "curier: 15,", nil, "costs:", "costs.curier", "unknown key; did you mean courier?"},
		{"base over one", "churn: {base: 0.04,", "churn: {base: 4,", nil, "", "customers.churn.base", "must be a number from 0 to 1, got 4"},
		{"negative attachment", "attachment: 0.6}", "attachment: -0.6}", nil, "", "customers.churn.attachment", "must be a number from 0 to 1, got -0.6"},
		{"negative effort coefficient", "churn: {base: 0.04,", "churn: {per_effort_point: -1, base: 0.04,", nil, "", "customers.churn.per_effort_point", "must be a change of the log-odds from 0 to 100, e.g. 0.7, got -1"},
		{"negative customer value", "  value: 250\n", "  value: -250\n", nil, "", "customers.value", "must be an amount from 0 to 1000000000: what a customer is worth over their lifetime, e.g. 200, got -250"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tinyCost(t)
			if !strings.Contains(in, tt.old) {
				t.Fatalf("no %q", tt.old)
			}
			in = strings.Replace(in, tt.old, tt.new, 1)
			if tt.edit != nil {
				in = tt.edit(in)
			}
			at := tt.at
			if at == "" {
				at = tt.new
			}
			where := "bad.yaml:" + strconv.Itoa(lineOf(t, in, at)) + ": " + tt.key + ": " + tt.want
			_, err := scenarios.Parse("bad.yaml", []byte(in))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			if !strings.Contains(err.Error(), where) {
				t.Errorf("error does not contain\n\t%s\ngot\n\t%s", where, strings.ReplaceAll(err.Error(), "\n", "\n\t"))
			}
			checkNoGoPhrases(t, err.Error(), in)
		})
	}
}

func TestCostsNeedACalendar(t *testing.T) {
	_, err := scenarios.Parse("cc.yaml", []byte(small+"costs: {reship: 6}\n"))
	if want := "cc.yaml:20: costs: only in a season scenario, a file with a calendar section; add one, or remove costs"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error does not contain %s\ngot\n\t%v", want, err)
	}
}

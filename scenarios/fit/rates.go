package fit

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// WriteRatesCSV writes every channel's arrival rate by weekday and hour,
// which a season's weekday_profile and hour_profile can only approximate
// (one hour profile for all days): channel, weekday, hour, contacts, days,
// and the rate an hour with its 95% interval.
func (r *Result) WriteRatesCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"channel", "weekday", "hour", "contacts", "days", "per_hour", "lo95", "hi95"})
	for _, c := range r.Channels {
		for d := range 7 {
			for h := range 24 {
				rt := c.WeekdayHour[d][h]
				if rt.Exposure == 0 {
					continue // no such weekday in the log
				}
				cw.Write([]string{c.Name, weekdayKeys[d], fmt.Sprintf("%02d:00", h), strconv.Itoa(rt.Count),
					strconv.Itoa(int(rt.Exposure)), num(rt.Est), num(rt.Lo), num(rt.Hi)})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

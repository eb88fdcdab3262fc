package reports

import _ "embed"

// echartsJS is ECharts 5.6.0 (assets/VERSIONS), inlined into every report so it opens without a network.
//
//go:embed assets/echarts.min.js
var echartsJS string

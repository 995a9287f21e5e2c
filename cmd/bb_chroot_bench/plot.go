package main

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Dimensions of the plots, in pixels.
const (
	plotWidth    = 760
	marginLeft   = 150
	marginRight  = 170
	marginTop    = 50
	marginBottom = 50
)

const (
	colorOurs     = "#2ca02c"
	colorUpstream = "#1f77b4"
	colorBwrap    = "#d62728"
	colorBaseline = "#7f7f7f"
)

// variantColor returns the color in which a latency variant is drawn.
func variantColor(name string) string {
	switch {
	case strings.HasPrefix(name, "ours-"):
		return colorOurs
	case name == "upstream":
		return colorUpstream
	case name == "bwrap":
		return colorBwrap
	default:
		return colorBaseline
	}
}

// niceScale returns the upper bound of an axis starting at zero that
// contains maximum, and the distance between its ticks.
func niceScale(maximum float64) (top, step float64) {
	if maximum <= 0 {
		return 1, 0.2
	}
	raw := maximum / 5
	magnitude := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step = m * magnitude
		if step >= raw {
			break
		}
	}
	return math.Ceil(maximum/step) * step, step
}

func formatTick(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// svgDocument writes the header of an SVG document with a title, and
// a subtitle describing the machine.
func svgDocument(b *strings.Builder, height int, title string, m *machine) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", plotWidth, height, plotWidth, height)
	fmt.Fprintf(b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(b, `<text x="%d" y="20" font-size="15" font-weight="bold" text-anchor="middle">%s</text>`+"\n", plotWidth/2, html.EscapeString(title))
	subtitle := fmt.Sprintf("%d CPUs, Linux %s, build directory on %s", m.CPUs, m.Kernel, m.BuildDirectoryFileSystem)
	fmt.Fprintf(b, `<text x="%d" y="36" font-size="11" fill="#555" text-anchor="middle">%s</text>`+"\n", plotWidth/2, html.EscapeString(subtitle))
}

// plotLatency draws the median latency of every variant as a
// horizontal bar, with a whisker extending to the 90th percentile.
func plotLatency(r *results) string {
	const rowHeight = 26
	height := marginTop + rowHeight*len(r.Latency) + marginBottom
	maximum := 0.0
	for _, l := range r.Latency {
		maximum = math.Max(maximum, l.P90Ms)
	}
	top, step := niceScale(maximum)
	innerWidth := float64(plotWidth - marginLeft - marginRight)
	x := func(v float64) float64 { return marginLeft + v/top*innerWidth }
	bottom := marginTop + rowHeight*len(r.Latency)

	var b strings.Builder
	svgDocument(&b, height, "Latency of a trivial action (bar: median, whisker: p90)", &r.Machine)
	for v := 0.0; v <= top+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", x(v), marginTop, x(v), bottom)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x(v), bottom+16, formatTick(v))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">milliseconds</text>`+"\n", x(top/2), bottom+36)
	for i, l := range r.Latency {
		y := float64(marginTop + rowHeight*i)
		color := variantColor(l.Name)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", marginLeft-8, y+rowHeight/2+4, html.EscapeString(l.Name))
		fmt.Fprintf(&b, `<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="%s"/>`+"\n", marginLeft, y+4, x(l.MedianMs)-marginLeft, rowHeight-8, color)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", x(l.MedianMs), y+rowHeight/2, x(l.P90Ms), y+rowHeight/2)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", x(l.P90Ms), y+8, x(l.P90Ms), y+rowHeight-8)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%.2f ms</text>`+"\n", x(l.P90Ms)+6, y+rowHeight/2+4, l.MedianMs)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// series is a line in a line chart.
type series struct {
	name   string
	color  string
	dashed bool
	points [][2]float64
}

// lineChart is a chart with a linear x axis with labeled ticks, and a
// y axis starting at zero.
type lineChart struct {
	title       string
	xLabel      string
	yLabel      string
	xTicks      []float64
	xTickLabels []string
	series      []series
}

func (c *lineChart) svg(m *machine) string {
	const height = 420
	xMin, xMax := c.xTicks[0], c.xTicks[len(c.xTicks)-1]
	if xMax == xMin {
		xMax = xMin + 1
	}
	yMaximum := 0.0
	for _, s := range c.series {
		for _, p := range s.points {
			yMaximum = math.Max(yMaximum, p[1])
		}
	}
	top, step := niceScale(yMaximum * 1.05)
	innerWidth := float64(plotWidth - marginLeft - marginRight)
	innerHeight := float64(height - marginTop - marginBottom)
	x := func(v float64) float64 { return marginLeft + (v-xMin)/(xMax-xMin)*innerWidth }
	y := func(v float64) float64 { return marginTop + innerHeight - v/top*innerHeight }

	var b strings.Builder
	svgDocument(&b, height, c.title, m)
	for v := 0.0; v <= top+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", marginLeft, y(v), x(xMax), y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", marginLeft-6, y(v)+4, formatTick(v))
	}
	for i, v := range c.xTicks {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", x(v), y(0), x(v), y(top))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x(v), y(0)+16, html.EscapeString(c.xTickLabels[i]))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x((xMin+xMax)/2), y(0)+36, html.EscapeString(c.xLabel))
	fmt.Fprintf(&b, `<text transform="translate(%d,%.1f) rotate(-90)" text-anchor="middle">%s</text>`+"\n", marginLeft-50, y(top/2), html.EscapeString(c.yLabel))

	for i, s := range c.series {
		dash := ""
		if s.dashed {
			dash = ` stroke-dasharray="6,4"`
		}
		var points []string
		for _, p := range s.points {
			points = append(points, fmt.Sprintf("%.1f,%.1f", x(p[0]), y(p[1])))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n", strings.Join(points, " "), s.color, dash)
		if !s.dashed {
			for _, p := range s.points {
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`+"\n", x(p[0]), y(p[1]), s.color)
			}
		}
		legendY := float64(marginTop + 10 + 20*i)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"%s/>`+"\n", x(xMax)+12, legendY, x(xMax)+36, legendY, s.color, dash)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", x(xMax)+42, legendY+4, html.EscapeString(s.name))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// plotThroughput draws the actions per second of upstream's runner and
// ours against the concurrency. Concurrency levels are spaced evenly.
func plotThroughput(r *results) string {
	c := lineChart{
		title:  "Throughput of a trivial action through gRPC (median of rounds)",
		xLabel: "concurrent Run() calls",
		yLabel: "actions per second",
		series: []series{
			{name: "upstream (chroot)", color: colorUpstream},
			{name: "ours (5 mounts)", color: colorOurs},
		},
	}
	for i, t := range r.Throughput {
		c.xTicks = append(c.xTicks, float64(i))
		c.xTickLabels = append(c.xTickLabels, strconv.Itoa(t.Concurrency))
		c.series[0].points = append(c.series[0].points, [2]float64{float64(i), t.UpstreamMedian})
		c.series[1].points = append(c.series[1].points, [2]float64{float64(i), t.OursMedian})
	}
	if len(c.xTicks) == 0 {
		c.xTicks, c.xTickLabels = []float64{0}, []string{""}
	}
	return c.svg(&r.Machine)
}

// plotMountScaling draws the median latency of our runner against the
// number of configured mounts, with the latency of upstream's runner,
// chroot(8) and bubblewrap as reference lines.
func plotMountScaling(r *results) string {
	c := lineChart{
		title:  "Latency of a trivial action against the number of mounts (median)",
		xLabel: "configured input root mounts",
		yLabel: "milliseconds",
		series: []series{{name: "ours", color: colorOurs}},
	}
	for _, p := range r.MountScaling {
		c.xTicks = append(c.xTicks, float64(p.Mounts))
		c.xTickLabels = append(c.xTickLabels, strconv.Itoa(p.Mounts))
		c.series[0].points = append(c.series[0].points, [2]float64{float64(p.Mounts), p.MedianMs})
	}
	if len(c.xTicks) == 0 {
		c.xTicks, c.xTickLabels = []float64{0}, []string{""}
	}
	for _, l := range r.Latency {
		var name string
		switch l.Name {
		case "upstream":
			name = "upstream (chroot)"
		case "bwrap":
			name = "bubblewrap"
		case "chroot":
			name = "chroot(8)"
		default:
			continue
		}
		c.series = append(c.series, series{
			name:   name,
			color:  variantColor(l.Name),
			dashed: true,
			points: [][2]float64{{c.xTicks[0], l.MedianMs}, {c.xTicks[len(c.xTicks)-1], l.MedianMs}},
		})
	}
	return c.svg(&r.Machine)
}

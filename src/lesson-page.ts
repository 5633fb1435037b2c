/**
 * What a lesson page with sandboxes loads up front: the `<payi-sandbox>` element and the call sinks
 * that take every run's calls (Cost Drivers, and the workshop room for members). The one place
 * that knows all three; none of them imports another.
 */
import "./sandbox-ui/sandbox-element.ts";
import "./cost-drivers/lesson-sink.ts";
import "./workshop/attendee/lesson-sink.ts";

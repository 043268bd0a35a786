"""Reports for people: the self-contained HTML page of a scan.

Consumes campaign documents and scan summaries; produces report.html."""

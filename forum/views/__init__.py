"""Server-rendered pages. Views parse input, call a service and render; they hold no domain rules."""

"""Pay-i's instrumentation library, as this course re-creates it for the sandbox."""

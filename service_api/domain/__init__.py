"""Pure booking rules: availability, assignment, reallocation, time-zone maths. No I/O, no frameworks."""

"""Pure practice logic: scheduling, answer coverage and statistics, readiness. No I/O, no streamlit."""

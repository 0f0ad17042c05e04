"""Services: the only layer that combines banks, practice logic and the store. Returns plain data."""
